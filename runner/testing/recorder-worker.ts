// A worker thread for recorder.test.ts: records seeded samples, posts the snapshot back.
import { parentPort, workerData } from 'node:worker_threads';
import { StatsRecorder } from '../stats/recorder.ts';
import { logNormalSamples } from './stats-samples.ts';

const { count, seed } = workerData as { count: number; seed: number };
const recorder = new StatsRecorder();
for (const ms of logNormalSamples(count, seed)) recorder.request('GET', '/w', ms, 1);
const snapshot = recorder.takeSnapshot();
recorder.close();
parentPort!.postMessage({ snapshot });
