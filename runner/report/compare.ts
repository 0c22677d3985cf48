/**
 * `journeys report compare <base> <new>`: per-endpoint deltas between two runs, and the
 * regressions CI should fail on. A row regresses when, beyond `maxRegression` (default 10%):
 *  - p50, p95 or p99 rose by more than that share (and by at least `minLatencyDeltaMs`, so
 *    0.3 → 0.4 ms does not fail a build), or
 *  - requests/s fell by more than that share, or
 *  - the failure ratio rose by more than `maxFailRatioIncrease` *percentage points* (an
 *    absolute step: relative changes near zero — 0 → 1 failure in a million — mean nothing).
 * Endpoints present on one side only are listed, never counted as regressions.
 */
import type { EndpointStats } from '../stats/entries.ts';
import type { RunStats } from '../stats/run-stats.ts';

export interface CompareOptions {
  /** Share, 0.1 = 10%. */
  maxRegression: number;
  /** Absolute increase of the failure ratio, 0.01 = 1 percentage point (1pp). */
  maxFailRatioIncrease: number;
  minLatencyDeltaMs: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = {
  maxRegression: 0.1,
  maxFailRatioIncrease: 0.01,
  minLatencyDeltaMs: 1,
};

export type CompareMetric = 'rps' | 'p50' | 'p95' | 'p99' | 'failRatio';
export const COMPARE_METRICS: readonly CompareMetric[] = ['rps', 'p50', 'p95', 'p99', 'failRatio'];

export interface MetricDelta {
  base: number | null;
  next: number | null;
  /** (next − base) / base; null when base is 0 or a side is missing. */
  change: number | null;
  regression: boolean;
}

export interface EndpointComparison {
  method: string;
  name: string;
  presence: 'both' | 'base only' | 'new only';
  baseRequests: number;
  nextRequests: number;
  metrics: Record<CompareMetric, MetricDelta>;
  /** e.g. `p95 +23.1%`, `rps -15.0%`, `fail ratio +2.00 pp`. */
  regressions: string[];
}

export interface Comparison {
  rows: EndpointComparison[];
  regressions: number;
  options: CompareOptions;
}

/**
 * @example
 * const result = compareRuns(base, next, DEFAULT_COMPARE_OPTIONS);
 * process.exitCode = result.regressions > 0 ? 1 : 0;
 */
export function compareRuns(base: RunStats, next: RunStats, options: CompareOptions): Comparison {
  const key = (e: EndpointStats) => `${e.method} ${e.name}`;
  const baseRows = new Map(base.endpoints().map((e) => [key(e), e]));
  const nextRows = new Map(next.endpoints().map((e) => [key(e), e]));
  const names = [...new Set([...baseRows.keys(), ...nextRows.keys()])].sort((a, b) => {
    const x = baseRows.get(a) ?? nextRows.get(a)!;
    const y = baseRows.get(b) ?? nextRows.get(b)!;
    return x.name < y.name
      ? -1
      : x.name > y.name
        ? 1
        : x.method < y.method
          ? -1
          : x.method > y.method
            ? 1
            : 0;
  });
  const rows = names.map((name) => compareRow(baseRows.get(name), nextRows.get(name), options));
  rows.push(compareRow(base.aggregated(), next.aggregated(), options));
  return { rows, regressions: rows.filter((row) => row.regressions.length > 0).length, options };
}

function compareRow(
  base: EndpointStats | undefined,
  next: EndpointStats | undefined,
  options: CompareOptions,
): EndpointComparison {
  const both = base !== undefined && next !== undefined && base.count > 0 && next.count > 0;
  const pick = (e: EndpointStats | undefined, metric: CompareMetric): number | null => {
    if (e === undefined || e.count === 0) return null;
    if (metric === 'rps') return e.rps;
    if (metric === 'failRatio') return e.failRatio;
    return e.percentile(Number(metric.slice(1))) ?? null;
  };
  const regressions: string[] = [];
  const metrics = {} as Record<CompareMetric, MetricDelta>;
  for (const metric of COMPARE_METRICS) {
    const b = pick(base, metric);
    const n = pick(next, metric);
    const change = b !== null && n !== null && b !== 0 ? (n - b) / b : null;
    let regression = false;
    if (both && b !== null && n !== null) {
      if (metric === 'rps') regression = n < b * (1 - options.maxRegression);
      else if (metric === 'failRatio') regression = n - b > options.maxFailRatioIncrease;
      else regression = n > b * (1 + options.maxRegression) && n - b >= options.minLatencyDeltaMs;
      if (regression) {
        regressions.push(
          metric === 'failRatio'
            ? `fail ratio ${formatPoints(n - b)}`
            : `${metric} ${change === null ? '' : signedPercent(change)}`,
        );
      }
    }
    metrics[metric] = { base: b, next: n, change, regression };
  }
  const row = (base ?? next)!;
  return {
    method: row.method,
    name: row.name,
    presence: base === undefined ? 'new only' : next === undefined ? 'base only' : 'both',
    baseRequests: base?.count ?? 0,
    nextRequests: next?.count ?? 0,
    metrics,
    regressions,
  };
}

/** `+12.3%`, `-4.0%`. */
export function signedPercent(change: number): string {
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/**
 * `--max-fail-increase`: percentage points of the failure ratio — `1pp`, `0.5pp`, `1%`
 * (read as points: a change of a ratio has no other meaning here) — or a share below 1
 * (`0.01` = 1pp). A plain `1` or more is refused: it reads as 1pp but would be 100pp.
 * @example parseFailIncrease('0.5pp', '--max-fail-increase') // 0.005
 */
export function parseFailIncrease(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(pp|%)?\s*$/i.exec(text);
  const points = match?.[2] !== undefined;
  const value = match ? Number(match[1]) / (points ? 100 : 1) : Number.NaN;
  if (match && !points && value >= 1) {
    throw new Error(
      `${flag}: a plain ${match[1]} is a share (${match[1]} = ${Number(match[1]) * 100}pp); for ${match[1]} percentage point${match[1] === '1' ? '' : 's'} write ${match[1]}pp`,
    );
  }
  if (!match || value > 1) {
    throw new Error(
      `${flag}: "${text}" is not an increase of the failure ratio: write 1pp, 0.5pp, 1% or a share like 0.01`,
    );
  }
  return value;
}

/** A failure-ratio step as percentage points: `+1.00 pp`. */
export function formatPoints(share: number): string {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(2)} pp`;
}

/**
 * `--max-regression`: `10%` or a share `0.1`.
 * @example parseShare('10%', '--max-regression') // 0.1
 */
export function parseShare(text: string, flag: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
  if (!match || (!match[2] && value > 1)) {
    throw new Error(`${flag}: "${text}" is not a share; write 10% or 0.1`);
  }
  return value;
}
