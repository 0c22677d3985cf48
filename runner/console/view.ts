/**
 * What the console shows: the rows of the run's summary (runner/stats/summary.ts), so
 * summary.json and the console print one mapping of the statistics, and the console
 * knows nothing of histograms or threads.
 */
import type { EndpointSummary, RequestSummary, RunSummary } from '../stats/summary.ts';

export { PERCENTILES } from '../stats/types.ts';

/** A row of the request tables: an endpoint, or the totals as method '' and name 'Aggregated'. */
export type EndpointRow = RequestSummary & Pick<EndpointSummary, 'method' | 'name'>;

/** The final tables read these parts of summary.json. */
export type SummaryView = Pick<RunSummary, 'endpoints' | 'totals' | 'journeys' | 'failures' | 'arrivals'> &
  Partial<Pick<RunSummary, 'exceptions'>>;

export interface LiveView {
  elapsedSeconds: number;
  /** Planned length of the run; undefined when it runs until stopped or until its iterations are done. */
  durationSeconds?: number;
  /** Users running (closed model), or users running a journey (open model). */
  users: number;
  /** Users wanted (closed model), or `max_users` (open model). */
  targetUsers: number;
  /** Open model: the target arrival rate now (journeys/s). */
  arrivalRate?: number;
  endpoints: readonly EndpointSummary[];
  /** Whole-run totals, with the requests and failures per second of the last few seconds. */
  totals: RequestSummary;
}

/** Milliseconds at percentile `p` (50, 95 …) of a row (the summary keys them `p50`, `p95` …); undefined when nothing was timed. */
export function percentileMs(row: Pick<RequestSummary, 'percentiles'>, p: number): number | undefined {
  return row.percentiles[`p${p}`] ?? undefined;
}
