/**
 * hdr-histogram-js instantiates its WebAssembly build from an embedded, deflated base64
 * string, which it decodes with base64-js and inflates with pako: plain JavaScript, run cold
 * once in every thread (~30 ms of CPU each, docs/performance.md). Node's own base64 and zlib
 * do the same work natively in well under a millisecond. The package calls both through their
 * module objects, so they are swapped for that one call and put back at once.
 */
import { createRequire } from 'node:module';
import { unzipSync } from 'node:zlib';
import { initWebAssemblySync } from 'hdr-histogram-js';

interface Pako {
  inflate(data: Uint8Array): Uint8Array;
}
interface Base64 {
  toByteArray(text: string): Uint8Array;
}

/**
 * @throws what hdr-histogram-js throws where WebAssembly cannot be loaded.
 * @example initWasmHistograms(); // then build({ useWebAssembly: true, … })
 */
export function initWasmHistograms(): void {
  // pako and base64-js as hdr-histogram-js itself resolves them.
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('hdr-histogram-js'));
  const pako = fromPackage('pako') as Pako;
  const base64 = fromPackage('base64-js') as Base64;
  const { inflate } = pako;
  const { toByteArray } = base64;
  pako.inflate = (data) => unzipSync(data);
  base64.toByteArray = (text) => Buffer.from(text, 'base64');
  try {
    initWebAssemblySync();
  } catch {
    // Whatever the native pair did not read as the package expects, its own pair tries again.
    pako.inflate = inflate;
    base64.toByteArray = toByteArray;
    initWebAssemblySync();
  } finally {
    pako.inflate = inflate;
    base64.toByteArray = toByteArray;
  }
}
