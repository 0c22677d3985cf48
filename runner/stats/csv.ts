import {
  csvFile,
  decimals,
  type Field,
  PERCENTILE_HEADERS,
  percentileFields,
  utcTimestamp,
} from './csv-format.ts';
import type { EndpointStats, JourneyStats } from './entries.ts';
import type { RunStats } from './run-stats.ts';
import { compare } from './tables.ts';
import { PERCENTILES } from './types.ts';

/** `_stats.csv` columns, as Locust 2.46 writes them. */
export const STATS_CSV_COLUMNS: readonly string[] = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
];

/** `_stats_history.csv` columns, as Locust 2.46 writes them. */
export const HISTORY_CSV_COLUMNS: readonly string[] = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];

/** `_failures.csv` columns, as Locust 2.46 writes them (First/Last Seen in UTC ISO 8601). */
export const FAILURES_CSV_COLUMNS: readonly string[] = [
  'Method',
  'Name',
  'Error',
  'Occurrences',
  'First Seen',
  'Last Seen',
];

/** `_exceptions.csv` columns, as Locust 2.46 writes them. */
export const EXCEPTIONS_CSV_COLUMNS: readonly string[] = ['Count', 'Message', 'Traceback', 'Nodes'];

/**
 * `_journeys.csv` columns (ours: Locust has no journeys). Durations in ms, of completed
 * journeys, think time between steps included; `Average Active Time` leaves it out.
 */
export const JOURNEYS_CSV_COLUMNS: readonly string[] = [
  'Journey',
  'Count',
  'Completed',
  'Interrupts',
  'Interrupt Ratio',
  'Median Duration',
  'Average Duration',
  'Min Duration',
  'Max Duration',
  ...PERCENTILE_HEADERS,
  'Average Active Time',
  'Outcomes',
  'Top Interrupting Step',
];

/** `_arrivals.csv` columns (ours; open-model runs only): arrivals per second of intended start. */
export const ARRIVALS_CSV_COLUMNS: readonly string[] = ['Timestamp', 'Scheduled', 'Started', 'Dropped'];

function statsRow(e: EndpointStats): Field[] {
  return [
    e.method,
    e.name,
    e.count,
    e.failures,
    decimals(e.median),
    decimals(e.avg),
    decimals(e.min),
    decimals(e.max),
    decimals(e.avgContentSize),
    decimals(e.rps),
    decimals(e.failuresPerSecond),
    ...percentileFields(e.percentiles(PERCENTILES)),
  ];
}

/** `name=count;…`, most frequent first. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))
    .map(([k, n]) => `${k}=${n}`)
    .join(';');
}

function journeyRow(j: JourneyStats): Field[] {
  return [
    j.name,
    j.count,
    j.completed,
    j.interrupts,
    decimals(j.interruptRatio, 4),
    decimals(j.median),
    decimals(j.avg),
    decimals(j.min),
    decimals(j.max),
    ...percentileFields(j.percentiles(PERCENTILES)),
    decimals(j.avgActive),
    formatCounts(j.outcomes),
    j.topInterruptStep ?? '',
  ];
}

/** The contents of the five files (six with the open model's `_arrivals.csv`), keyed by suffix (`_stats.csv` …). */
export function renderLocustCsv(
  stats: RunStats,
  options?: { fullHistory?: boolean },
): Record<string, string> {
  const fullHistory = options?.fullHistory ?? stats.fullHistory;
  const history = stats.history().filter((r) => fullHistory || (r.method === '' && r.name === 'Aggregated'));
  const arrivals = stats.arrivals();
  return {
    '_stats.csv': csvFile(STATS_CSV_COLUMNS, [...stats.endpoints(), stats.aggregated()].map(statsRow)),
    '_stats_history.csv': csvFile(
      HISTORY_CSV_COLUMNS,
      history.map((r) => [
        r.timestamp,
        r.userCount,
        r.method,
        r.name,
        decimals(r.requestsPerSecond),
        decimals(r.failuresPerSecond),
        ...percentileFields(r.percentiles),
        r.totalRequests,
        r.totalFailures,
        decimals(r.totalMedian),
        decimals(r.totalAverage),
        decimals(r.totalMin),
        decimals(r.totalMax),
        decimals(r.totalAverageContentSize),
      ]),
    ),
    '_failures.csv': csvFile(
      FAILURES_CSV_COLUMNS,
      stats
        .failures()
        .map((f) => [
          f.method,
          f.name,
          f.error,
          f.occurrences,
          utcTimestamp(f.firstSeen),
          utcTimestamp(f.lastSeen),
        ]),
    ),
    '_exceptions.csv': csvFile(
      EXCEPTIONS_CSV_COLUMNS,
      stats.exceptions().map((x) => [x.count, x.message, x.traceback, [...x.nodes].sort(compare).join(', ')]),
    ),
    '_journeys.csv': csvFile(JOURNEYS_CSV_COLUMNS, stats.journeys().map(journeyRow)),
    ...(arrivals && {
      '_arrivals.csv': csvFile(
        ARRIVALS_CSV_COLUMNS,
        arrivals.history().map((r) => [r.timestamp, r.started + r.dropped, r.started, r.dropped]),
      ),
    }),
  };
}
