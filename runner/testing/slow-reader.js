// Test support: a slow consumer of a pipe. Reads its stdin 1 KB every 10 ms (as a loaded CI
// log collector might) and, at end of input, writes everything it read to its stdout.
import { readSync } from 'node:fs';

const chunk = Buffer.alloc(1024);
const parts = [];
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  let n = 0;
  try {
    n = readSync(0, chunk, 0, chunk.length, null);
  } catch (error) {
    if (error.code === 'EAGAIN') n = -1;
    else throw error;
  }
  if (n === 0) break;
  if (n > 0) parts.push(Buffer.from(chunk.subarray(0, n)));
  Atomics.wait(pause, 0, 0, 10);
}
process.stdout.write(Buffer.concat(parts));
