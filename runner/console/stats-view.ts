/** The live console's view of the statistics: the summary's rows, with the current rate. */

import type { RunStats } from '../stats/run-stats.ts';
import { buildSummary } from '../stats/summary.ts';
import type { LiveView } from './view.ts';

/** Whole-run counts and percentiles; the totals' rates are those of the last few seconds (the history's). */
export function liveView(stats: RunStats, progress: Omit<LiveView, 'endpoints' | 'totals'>): LiveView {
  const { endpoints, totals } = buildSummary(stats);
  const current = stats.history().at(-1);
  if (current) {
    totals.rps = current.requestsPerSecond;
    totals.failuresPerSecond = current.failuresPerSecond;
  }
  return { ...progress, endpoints, totals };
}
