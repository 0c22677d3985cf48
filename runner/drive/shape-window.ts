import type { ShapeWindowStats } from '../api/load-shape.ts';
import type { RunStats } from '../stats/run-stats.ts';

/**
 * The run's *current* figures (the history's last ~10 s window, as Locust's shapes read
 * `current_rps` and the current percentiles) in the units a `LoadShape` reads.
 * @example shapeWindowStats(stats).p95 // 212.5
 */
export function shapeWindowStats(stats: RunStats): ShapeWindowStats {
  const window = stats.aggregated().window;
  if (window === undefined) return { rps: 0, failRatio: 0, p50: 0, p95: 0, p99: 0 };
  const rps = window.requestsPerSecond();
  const [p50, p95, p99] = window.percentilesMicros([50, 95, 99]).map((micros) => micros / 1000);
  return { rps, failRatio: rps > 0 ? window.failuresPerSecond() / rps : 0, p50, p95, p99 };
}
