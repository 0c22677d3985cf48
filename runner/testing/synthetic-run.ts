/**
 * A synthetic run for the report's tests and benchmark: real StatsRecorder snapshots merged
 * into a real RunStats, one tick per simulated second, seeded so every call gives the same
 * numbers. Not used by the runner itself.
 */
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { seededRandom } from './stats-samples.ts';

export interface SyntheticRunOptions {
  seconds: number;
  endpoints: number;
  /** Requests per endpoint per second. */
  perSecond: number;
  /** Median response time in ms (log-normal-ish spread). */
  medianMs?: number;
  /** Share of requests that fail. */
  failRatio?: number;
  seed?: number;
  startedAt?: number;
  users?: number;
  /** History rows for every endpoint (`--csv-full-history`). */
  fullHistory?: boolean;
}

/**
 * @example const stats = syntheticRun({ seconds: 60, endpoints: 3, perSecond: 10 });
 */
export function syntheticRun(options: SyntheticRunOptions): RunStats {
  const random = seededRandom(options.seed ?? 1);
  const startedAt = options.startedAt ?? Date.UTC(2026, 10, 23, 12, 0, 0);
  const stats = new RunStats({ startedAt, fullHistory: options.fullHistory ?? false });
  const recorder = new StatsRecorder();
  const median = options.medianMs ?? 40;
  const users = options.users ?? 50;
  for (let second = 1; second <= options.seconds; second++) {
    // A slow wave over the run, so the charts have a shape.
    const wave = 1 + 0.5 * Math.sin((second / Math.max(60, options.seconds)) * Math.PI * 4);
    for (let e = 0; e < options.endpoints; e++) {
      const name = `/api/resource-${String(e).padStart(2, '0')}/{id}`;
      const method = e % 3 === 0 ? 'POST' : 'GET';
      for (let i = 0; i < options.perSecond; i++) {
        const ms = median * wave * Math.exp((random() - 0.5) * 1.6) * (1 + e / 10);
        const failed = random() < (options.failRatio ?? 0);
        recorder.request(method, name, ms, 120 + e, failed ? 'HTTP 500: {"error":"boom"}' : undefined);
      }
    }
    recorder.journey(
      'Checkout',
      median * 6 * wave,
      random() < 0.1 ? 'pay' : undefined,
      new Map([['won', 1]]),
    );
    const now = startedAt + second * 1000;
    const snapshot = recorder.takeSnapshot();
    snapshot.takenAt = now;
    stats.merge(snapshot);
    stats.tick(now, Math.min(users, second * 5));
  }
  stats.end(startedAt + options.seconds * 1000);
  return stats;
}
