/**
 * The recording side of the histograms: what a load thread records into and sends in its
 * snapshots. Only the recording threads import it — it loads hdr-histogram-js's whole index
 * (the WebAssembly build, pako, base64-js: ~45 modules); the main thread, which merges and
 * reads, needs only the plain JavaScript histograms of histogram.ts.
 */
import { build, encodeIntoCompressedBase64, type Histogram, WasmHistogram } from 'hdr-histogram-js';
import { type EncodedHistogram, HISTOGRAM_SETTINGS } from './histogram.ts';
import { initWasmHistograms } from './wasm-init.ts';

export type HistogramEngine = 'wasm' | 'js';

let engine: HistogramEngine | undefined;

/**
 * Which implementation recording histograms use: the WebAssembly build (about 3x faster per
 * record, and it works in worker threads on Node 24) unless it fails to load or
 * `JOURNEYS_HDR=js` asks for the plain JavaScript one.
 * @example if (histogramEngine() === 'wasm') … // and the WebAssembly is loaded from here on
 */
export function histogramEngine(): HistogramEngine {
  if (engine) return engine;
  engine = 'js';
  if (process.env.JOURNEYS_HDR !== 'js' && 'WebAssembly' in globalThis) {
    try {
      initWasmHistograms();
      engine = 'wasm';
    } catch {
      engine = 'js';
    }
  }
  return engine;
}

/**
 * A histogram for the hot path of one thread (reset after each snapshot). Call `destroy()` when
 * done. `compact`: HdrHistogram's packed layout, ~2 KB instead of ~94 KB, at about three times
 * the cost per record — for a thread's rarer rows, so many distinct names cannot exhaust memory.
 * @example const histogram = createRecordingHistogram(); histogram.recordValue(1_250);
 */
export function createRecordingHistogram(compact = false): Histogram {
  return build({
    ...HISTOGRAM_SETTINGS,
    autoResize: true,
    bitBucketSize: compact ? 'packed' : 32,
    useWebAssembly: histogramEngine() === 'wasm',
  });
}

/**
 * The cheapest lossless encoding of a recording histogram for a snapshot.
 * @example snapshot.histogram = encodeForSnapshot(histogram);
 */
export function encodeForSnapshot(histogram: Histogram): EncodedHistogram {
  if (histogram instanceof WasmHistogram) {
    const bytes = histogram.encode();
    // A view over WebAssembly memory would clone the whole memory across threads: keep a tight copy.
    return bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  }
  return encodeIntoCompressedBase64(histogram);
}
