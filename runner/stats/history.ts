import type { EndpointStats } from './entries.ts';
import { type HistoryRow, PERCENTILES } from './types.ts';

/**
 * The history row of one entry at `now` (epoch ms): current rates and percentiles over the
 * last ~10 s (its window must have been ticked), and whole-run totals. Percentiles are `null`
 * (`N/A`) until the entry's first request, and 0 while the window holds none.
 */
export function historyRow(entry: EndpointStats, now: number, userCount: number): HistoryRow {
  const window = entry.window;
  const current = window?.percentilesMicros(PERCENTILES) ?? PERCENTILES.map(() => 0);
  const percentiles = current.map((micros) => {
    if (entry.count === 0) return null;
    return micros > 0 ? entry.clampMicros(micros) / 1000 : 0;
  });
  return {
    timestamp: Math.floor(now / 1000),
    userCount,
    method: entry.method,
    name: entry.name,
    requestsPerSecond: window?.requestsPerSecond() ?? 0,
    failuresPerSecond: window?.failuresPerSecond() ?? 0,
    percentiles,
    totalRequests: entry.count,
    totalFailures: entry.failures,
    totalMedian: entry.median,
    totalAverage: entry.avg,
    totalMin: entry.min,
    totalMax: entry.max,
    totalAverageContentSize: entry.avgContentSize,
  };
}

function weighted(values: number[], weights: number[]): number {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return values.length > 0 ? Math.max(...values) : 0;
  return values.reduce((acc, v, i) => acc + v * weights[i], 0) / sum;
}

/**
 * Combines the history of several shards, second by second (rows with the same timestamp,
 * method and name). Counts, rates and user counts add up exactly; min and max are exact; the
 * averages are weighted by request count; the percentile columns and the total median, which
 * rows alone cannot merge exactly, are weighted by rate (the whole-run files stay exact).
 */
export function mergeHistoryRows(histories: readonly (readonly HistoryRow[])[]): HistoryRow[] {
  const groups = new Map<string, HistoryRow[]>();
  for (const history of histories) {
    for (const row of history) {
      const k = `${row.timestamp}\u0000${row.method}\u0000${row.name}`;
      const group = groups.get(k);
      if (group) group.push(row);
      else groups.set(k, [row]);
    }
  }
  const merged = [...groups.values()].map((rows): HistoryRow => {
    const counted = rows.filter((r) => r.totalRequests > 0);
    const requests = counted.map((r) => r.totalRequests);
    const rates = rows.map((r) => r.requestsPerSecond);
    return {
      timestamp: rows[0].timestamp,
      userCount: sum(rows.map((r) => r.userCount)),
      method: rows[0].method,
      name: rows[0].name,
      requestsPerSecond: sum(rates),
      failuresPerSecond: sum(rows.map((r) => r.failuresPerSecond)),
      percentiles: PERCENTILES.map((_, i) => {
        const known = rows.filter((r) => r.percentiles[i] !== null && r.percentiles[i] !== undefined);
        if (known.length === 0) return null;
        return weighted(
          known.map((r) => r.percentiles[i] as number),
          known.map((r) => r.requestsPerSecond),
        );
      }),
      totalRequests: sum(rows.map((r) => r.totalRequests)),
      totalFailures: sum(rows.map((r) => r.totalFailures)),
      totalMedian: weighted(
        counted.map((r) => r.totalMedian),
        requests,
      ),
      totalAverage: weighted(
        counted.map((r) => r.totalAverage),
        requests,
      ),
      totalMin: counted.length > 0 ? Math.min(...counted.map((r) => r.totalMin)) : 0,
      totalMax: Math.max(0, ...rows.map((r) => r.totalMax)),
      totalAverageContentSize: weighted(
        counted.map((r) => r.totalAverageContentSize),
        requests,
      ),
    };
  });
  // Per second: endpoints by name then method, the Aggregated row (empty method) last.
  return merged.sort(
    (a, b) =>
      a.timestamp - b.timestamp ||
      Number(a.method === '') - Number(b.method === '') ||
      cmp(a.name, b.name) ||
      cmp(a.method, b.method),
  );
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
