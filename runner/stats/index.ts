/** The runner's statistics as the main thread keeps them: lossless merging, Locust-compatible files, summary (recording is in recorder.ts). */

export { ArrivalStats } from './arrival-stats.ts';
export {
  ARRIVALS_CSV_COLUMNS,
  EXCEPTIONS_CSV_COLUMNS,
  FAILURES_CSV_COLUMNS,
  formatCounts,
  HISTORY_CSV_COLUMNS,
  JOURNEYS_CSV_COLUMNS,
  renderLocustCsv,
  STATS_CSV_COLUMNS,
} from './csv.ts';
export type { EndpointStats, JourneyStats } from './entries.ts';
export { type EncodedHistogram, HISTOGRAM_SETTINGS } from './histogram.ts';
export { parseRawStats, RAW_STATS_SUFFIX, rawStatsFile, rawStatsText } from './raw-file.ts';
export { CURRENT_WINDOW_SECONDS } from './recent-window.ts';
export { RunStats, type RunStatsOptions } from './run-stats.ts';
export {
  type ArrivalSummary,
  buildSummary,
  type EndpointSummary,
  type ExceptionSummary,
  type FailureSummary,
  type InvariantSummary,
  type JourneySummary,
  type PercentileMap,
  type RunMetadata,
  type RunSummary,
  type SelfCheckSummary,
  type ThresholdSummary,
  type TotalsSummary,
} from './summary.ts';
export { MAX_DISTINCT_ERRORS } from './tables.ts';
export {
  type ArrivalRow,
  type ArrivalSnapshot,
  type EndpointSnapshot,
  type ExceptionRecord,
  type FailureRecord,
  type HistoryRow,
  type JourneySnapshot,
  PERCENTILES,
  type RawArrivals,
  type RawStats,
  type StatsSnapshot,
} from './types.ts';
