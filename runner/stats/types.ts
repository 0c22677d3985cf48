import type { EncodedHistogram } from './histogram.ts';

/** Locust's percentiles, as fractions of 100 (the CSV headers read `50%` … `100%`). */
export const PERCENTILES = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100] as const;

/**
 * Counters of one (method, name) since the last snapshot. Times are integer microseconds,
 * so sums merge exactly in any order.
 */
export interface EndpointSnapshot {
  method: string;
  name: string;
  count: number;
  failures: number;
  sumMicros: number;
  minMicros: number;
  maxMicros: number;
  contentLength: number;
  histogram: EncodedHistogram;
}

/** Counters of one journey class since the last snapshot; durations of completed journeys only. */
export interface JourneySnapshot {
  name: string;
  count: number;
  completed: number;
  /** Step name → journeys interrupted there. */
  interrupts: Record<string, number>;
  /** Outcome name → count (e.g. `won`, `conflict`). */
  outcomes: Record<string, number>;
  sumMicros: number;
  minMicros: number;
  maxMicros: number;
  /**
   * Of `sumMicros`, the time in steps: think time between steps left out, so a transaction's
   * own (mostly server) time stays visible when the journey thinks as a Locust user does.
   */
  activeSumMicros: number;
  histogram: EncodedHistogram;
}

/** A failed request kind: (method, name, error), as Locust's failures table. */
export interface FailureRecord {
  method: string;
  name: string;
  error: string;
  occurrences: number;
  /** Epoch seconds (fractional) of the first and last occurrence. */
  firstSeen: number;
  lastSeen: number;
}

/** A thrown error that is not an HTTP failure, as Locust's exceptions table. */
export interface ExceptionRecord {
  count: number;
  message: string;
  traceback: string;
  /** Where it was thrown (journey step, user, thread …), each once. */
  nodes: string[];
}

/**
 * The open model's arrivals since the last snapshot: journeys started on time or late, and
 * arrivals dropped because every user was busy. Times are the *start lag* (intended start to
 * actual start) of the started ones, integer microseconds.
 */
export interface ArrivalSnapshot {
  started: number;
  dropped: number;
  /** User instances created (on demand) to run arrivals. */
  usersCreated: number;
  /** Counts by second of intended start: `[epochSecond, started, dropped, …]`. */
  perSecond: number[];
  /** Epoch ms of the first and the last actual start (0 when none started). */
  firstStartAt: number;
  lastStartAt: number;
  sumMicros: number;
  minMicros: number;
  maxMicros: number;
  histogram: EncodedHistogram;
}

/** Arrivals due in one second of intended start (epoch seconds), summed over threads and shards. */
export interface ArrivalRow {
  timestamp: number;
  started: number;
  dropped: number;
}

/**
 * Everything one thread recorded since its previous snapshot: structured-cloneable, merged
 * losslessly by `RunStats.merge`.
 */
export interface StatsSnapshot {
  /** Epoch ms when the snapshot was taken. */
  takenAt: number;
  endpoints: EndpointSnapshot[];
  journeys: JourneySnapshot[];
  failures: FailureRecord[];
  exceptions: ExceptionRecord[];
  /** Open model only. */
  arrivals?: ArrivalSnapshot;
  /** The first request counted in the overflow row instead of its own (once per thread): for the warning. */
  overflowed?: { method: string; name: string };
}

/** One line of `_stats_history.csv`. Times in ms; `null` percentiles are written `N/A`. */
export interface HistoryRow {
  /** Epoch seconds. */
  timestamp: number;
  userCount: number;
  /** Empty for the Aggregated row. */
  method: string;
  name: string;
  /** Current (last ~10 s) rates and percentiles. */
  requestsPerSecond: number;
  failuresPerSecond: number;
  percentiles: (number | null)[];
  /** Whole-run totals up to this second. */
  totalRequests: number;
  totalFailures: number;
  totalMedian: number;
  totalAverage: number;
  totalMin: number;
  totalMax: number;
  totalAverageContentSize: number;
}

/** Cumulative counters of an endpoint or journey in raw form (portable histogram). */
export interface RawEndpoint extends Omit<EndpointSnapshot, 'histogram'> {
  histogram: string;
}
export interface RawJourney extends Omit<JourneySnapshot, 'histogram'> {
  histogram: string;
}
export interface RawArrivals extends Omit<ArrivalSnapshot, 'histogram' | 'perSecond'> {
  histogram: string;
  history: ArrivalRow[];
}

/**
 * The whole run's statistics as JSON, lossless: `RunStats.fromRaw(stats.toRaw())` writes the
 * same CSV files, and `RunStats.mergeRaw` adds shards together exactly (history rows of
 * several shards are combined per second, percentiles of those rows approximately).
 */
export interface RawStats {
  format: 'journeys-raw-stats';
  version: 1;
  /** Epoch ms. */
  startedAt: number;
  endedAt?: number;
  lastActivityAt?: number;
  fullHistory: boolean;
  endpoints: RawEndpoint[];
  journeys: RawJourney[];
  failures: FailureRecord[];
  exceptions: ExceptionRecord[];
  history: HistoryRow[];
  /** Open-model runs only (added within version 1: readers without it ignore it). */
  arrivals?: RawArrivals;
}
