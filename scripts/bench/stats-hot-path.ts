/**
 * Micro-measure of the stats hot path (not a test): `node scripts/bench/stats-hot-path.ts`.
 * Runs `StatsRecorder.request` in a worker thread (as the load workers do), then times
 * `RunStats.merge` of a 50-endpoint snapshot on the main thread.
 * A few seconds in all.
 */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { StatsRecorder } from '../../runner/stats/recorder.ts';
import { RunStats } from '../../runner/stats/run-stats.ts';
import type { StatsSnapshot } from '../../runner/stats/types.ts';
import { logNormalSamples } from '../../runner/testing/stats-samples.ts';

const CALLS = 5_000_000;
const ENDPOINTS = 50;
const names = Array.from({ length: ENDPOINTS }, (_, i) => `/resource-${i}/{id}`);

function recordMany(recorder: StatsRecorder, samples: number[], calls: number): void {
  for (let i = 0; i < calls; i++) {
    recorder.request(
      i & 1 ? 'GET' : 'POST',
      names[i % ENDPOINTS],
      samples[i & 65535],
      512,
      i % 500 ? undefined : 'HTTP 503',
    );
  }
}

if (isMainThread) {
  for (let pass = 1; pass <= 2; pass++) {
    const worker = new Worker(new URL(import.meta.url));
    const result = await new Promise<{
      perSecond: number;
      snapshot: StatsSnapshot;
      snapshotMs: number;
      second: StatsSnapshot;
    }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const stats = new RunStats({ startedAt: Date.now() });
    const t0 = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) stats.merge(result.snapshot);
    const mergeMs = (performance.now() - t0) / rounds;
    const t1 = performance.now();
    for (let i = 0; i < rounds; i++) stats.merge(result.second);
    const secondMs = (performance.now() - t1) / rounds;
    console.log(
      `pass ${pass}: recorder.request ${(result.perSecond / 1e6).toFixed(1)} M calls/s in a worker thread; ` +
        `takeSnapshot (${result.snapshot.endpoints.length} endpoints) ${result.snapshotMs.toFixed(2)} ms; ` +
        `RunStats.merge of it ${mergeMs.toFixed(2)} ms; of a busy second (20,000 requests) ${secondMs.toFixed(2)} ms`,
    );
  }
} else {
  const samples = logNormalSamples(65_536, 1);
  const recorder = new StatsRecorder();
  recordMany(recorder, samples, 500_000); // warm up, and every endpoint seen
  recorder.takeSnapshot();
  const t0 = performance.now();
  recordMany(recorder, samples, CALLS);
  const seconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const snapshot = recorder.takeSnapshot();
  const snapshotMs = performance.now() - t1;
  recordMany(recorder, samples, 20_000);
  const second = recorder.takeSnapshot();
  parentPort!.postMessage({
    perSecond: CALLS / seconds,
    snapshot,
    snapshotMs,
    second,
  });
  recorder.close();
}
