/**
 * What the report's charts draw: the Aggregated history rows as columns (one array per
 * series), numbers rounded to what the eye can tell apart, so a 2-hour run at one row per
 * second stays a few hundred kilobytes.
 */
import { CURRENT_WINDOW_SECONDS } from '../stats/recent-window.ts';
import { type HistoryRow, PERCENTILES } from '../stats/types.ts';

/** A moment marked on every chart with a vertical line (the limit search's steps). */
export interface ChartMark {
  /** Epoch seconds, the charts' clock. */
  time: number;
  label: string;
  /** Green when true, red when false. */
  held: boolean;
}

export interface ChartSeries {
  /** Epoch seconds, one per history row. */
  time: number[];
  users: number[];
  rps: (number | null)[];
  failuresPerSecond: (number | null)[];
  /** Current-window percentiles in ms; null before the first request (a gap in the line). */
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  /** Seconds of the sliding window the current rates and percentiles cover. */
  windowSeconds: number;
  /**
   * Current p95 of the busiest endpoints, aligned with `time` — only when the history holds
   * every endpoint (`--csv-full-history`).
   */
  endpointP95?: { label: string; values: (number | null)[] }[];
  /** Vertical lines on every chart; absent when there are none. */
  marks?: ChartMark[];
}

/** Endpoints drawn in the per-endpoint chart: more lines would not be readable. */
const MAX_ENDPOINT_LINES = 8;

const [P50, P95, P99] = ([50, 95, 99] as const).map((p) => PERCENTILES.indexOf(p));

/**
 * @example chartSeries(stats.history()).p95 // [null, 12.31, 11.9, …]
 */
export function chartSeries(history: readonly HistoryRow[], marks: readonly ChartMark[] = []): ChartSeries {
  const rows = history.filter((row) => row.method === '' && row.name === 'Aggregated');
  return {
    time: rows.map((row) => row.timestamp),
    users: rows.map((row) => row.userCount),
    rps: rows.map((row) => round(row.requestsPerSecond)),
    failuresPerSecond: rows.map((row) => round(row.failuresPerSecond)),
    p50: rows.map((row) => round(row.percentiles[P50])),
    p95: rows.map((row) => round(row.percentiles[P95])),
    p99: rows.map((row) => round(row.percentiles[P99])),
    windowSeconds: CURRENT_WINDOW_SECONDS,
    ...endpointLines(history, rows),
    ...(marks.length > 0 ? { marks: [...marks] } : {}),
  };
}

function endpointLines(
  history: readonly HistoryRow[],
  aggregated: readonly HistoryRow[],
): Pick<ChartSeries, 'endpointP95'> {
  const byEndpoint = new Map<string, Map<number, HistoryRow>>();
  const totals = new Map<string, number>();
  for (const row of history) {
    if (row.method === '' && row.name === 'Aggregated') continue;
    // Names often carry their method already (`PUT /orders/{id}/confirm`): don't say it twice.
    const label = row.name.startsWith(`${row.method} `) ? row.name : `${row.method} ${row.name}`.trim();
    const rows = byEndpoint.get(label) ?? new Map<number, HistoryRow>();
    byEndpoint.set(label, rows);
    rows.set(row.timestamp, row);
    totals.set(label, Math.max(totals.get(label) ?? 0, row.totalRequests));
  }
  if (byEndpoint.size === 0) return {};
  const busiest = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_ENDPOINT_LINES);
  return {
    endpointP95: busiest.map(([label]) => ({
      label,
      values: aggregated.map((row) => round(byEndpoint.get(label)!.get(row.timestamp)?.percentiles[P95])),
    })),
  };
}

function round(value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Math.round(value * 100) / 100;
}
