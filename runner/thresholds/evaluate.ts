/**
 * Thresholds against a run's statistics. A threshold that cannot be checked — its
 * selector matches nothing, or nothing was timed — fails with the reason, never passes
 * silently. When several rows match (a journey metric without selector: every journey; a
 * request name used with several methods), every row must pass and the worst is reported.
 */

import type { ArrivalStats, EndpointStats, JourneyStats, RunStats } from '../stats/index.ts';
import type { Threshold, ThresholdOperator, ThresholdUnit } from './parse.ts';

/** The readers of `RunStats` that thresholds use (`arrivals` for the open model's metrics). */
export type ThresholdStats = Pick<RunStats, 'aggregated' | 'endpoints' | 'journeys'> &
  Partial<Pick<RunStats, 'arrivals'>>;

export interface ThresholdResult {
  expression: string;
  selector?: string;
  metric: string;
  op: ThresholdOperator;
  limit: number;
  /** The measured value in `unit`; undefined when there was nothing to measure. */
  actual: number | undefined;
  pass: boolean;
  unit: ThresholdUnit;
  /** The row `actual` comes from when it is not simply the selector: `GET /orders/{id}`, a journey's name. */
  subject?: string;
  /** Why it failed without a value, e.g. `no requests named "GET /x"`. */
  reason?: string;
}

/**
 * @example evaluateThresholds([parseThreshold('p95<500ms')], stats)
 * // [{ expression: 'p95<500ms', metric: 'p95', op: '<', limit: 500, actual: 212.5, pass: true, unit: 'ms' }]
 */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  stats: ThresholdStats,
): ThresholdResult[] {
  return thresholds.map((threshold) => evaluate(threshold, stats));
}

/**
 * The failed thresholds that should stop a run now (empty: carry on). Nothing aborts before
 * `graceSeconds`; a threshold still waiting for data, or a count that may yet be reached
 * (`count > 1000`), does not abort.
 */
export function checkAbort(
  thresholds: readonly Threshold[],
  stats: ThresholdStats,
  elapsedSeconds: number,
  graceSeconds: number,
): ThresholdResult[] {
  if (elapsedSeconds < graceSeconds) return [];
  const settled = thresholds.filter(
    (threshold) => !(threshold.unit === 'count' && threshold.op !== '<' && threshold.op !== '<='),
  );
  return evaluateThresholds(settled, stats).filter((result) => !result.pass && result.actual !== undefined);
}

interface Row {
  subject: string;
  value: number | undefined;
}

function evaluate(threshold: Threshold, stats: ThresholdStats): ThresholdResult {
  const base = {
    expression: threshold.expression,
    ...(threshold.selector === undefined ? {} : { selector: threshold.selector }),
    metric: threshold.metric,
    op: threshold.op,
    limit: threshold.limit,
    unit: threshold.unit,
  };
  const found =
    threshold.scope === 'journey'
      ? journeyRows(threshold, stats)
      : threshold.scope === 'arrival'
        ? arrivalRows(threshold, stats)
        : requestRows(threshold, stats);
  if (typeof found === 'string') return { ...base, actual: undefined, pass: false, reason: found };
  // Name the row only when several were checked; otherwise the selector already says which.
  const several = found.length > 1 || (threshold.scope === 'journey' && !threshold.selector);
  const unmeasured = found.find((row) => row.value === undefined);
  if (unmeasured) {
    const what = threshold.scope === 'journey' ? 'completed journeys' : 'timed requests';
    const reason =
      threshold.scope === 'arrival'
        ? `no journeys started to measure ${threshold.metric} on`
        : `no ${what} named ${JSON.stringify(unmeasured.subject)} to measure ${threshold.metric} on`;
    return {
      ...base,
      actual: undefined,
      pass: false,
      ...(several ? { subject: unmeasured.subject } : {}),
      reason,
    };
  }
  const measured = found as (Row & { value: number })[];
  const worst = measured.reduce((a, b) => (isWorse(b.value, a.value, threshold) ? b : a));
  const pass = measured.every((row) => compare(row.value, threshold.op, threshold.limit));
  return { ...base, actual: worst.value, pass, ...(several ? { subject: worst.subject } : {}) };
}

function requestRows(threshold: Threshold, stats: ThresholdStats): Row[] | string {
  const selector = threshold.selector;
  if (selector === undefined) {
    const all = stats.aggregated();
    if (all.count === 0 && threshold.metric !== 'count') return 'no requests were recorded';
    return [{ subject: 'Aggregated', value: readRequest(all, threshold) }];
  }
  const rows = stats
    .endpoints()
    .filter((row) => row.name === selector || `${row.method} ${row.name}` === selector);
  if (rows.length === 0) {
    const journeyMetric =
      threshold.metric === 'fail_ratio' ? 'interrupt_ratio' : `journey_${threshold.metric}`;
    const journeyHint = stats.journeys().some((journey) => journey.name === selector)
      ? ` (${selector} is a journey: use ${threshold.metric === 'rps' ? 'a journey metric' : journeyMetric})`
      : '';
    return `no requests named ${JSON.stringify(selector)}${journeyHint}`;
  }
  return rows.map((row) => ({
    subject: `${row.method} ${row.name}`.trim(),
    value: readRequest(row, threshold),
  }));
}

function journeyRows(threshold: Threshold, stats: ThresholdStats): Row[] | string {
  const selector = threshold.selector;
  const rows = stats.journeys().filter((journey) => selector === undefined || journey.name === selector);
  if (rows.length === 0) {
    return selector === undefined
      ? 'no journeys were recorded'
      : `no journeys named ${JSON.stringify(selector)}`;
  }
  return rows.map((row) => ({ subject: row.name, value: readJourney(row, threshold) }));
}

function arrivalRows(threshold: Threshold, stats: ThresholdStats): Row[] | string {
  const arrivals = stats.arrivals?.();
  if (arrivals === undefined) {
    return `no arrivals: ${threshold.metric} is for the open model (arrival_rate)`;
  }
  return [{ subject: 'arrivals', value: readArrivals(arrivals, threshold) }];
}

function readArrivals(arrivals: ArrivalStats, threshold: Threshold): number | undefined {
  if (threshold.metric === 'dropped') return arrivals.dropped;
  if (threshold.metric === 'dropped_ratio') return arrivals.droppedRatio;
  if (arrivals.started === 0) return undefined;
  if (threshold.percentile !== undefined) return arrivals.percentile(threshold.percentile);
  return times(arrivals)[threshold.metric.slice('start_lag_'.length)];
}

function readRequest(row: EndpointStats, threshold: Threshold): number | undefined {
  if (threshold.percentile !== undefined) return row.percentile(threshold.percentile);
  if (threshold.metric === 'count') return row.count;
  if (threshold.metric === 'fail_ratio') return row.failRatio;
  if (threshold.metric === 'rps') return row.rps;
  return row.count === 0 ? undefined : times(row)[threshold.metric];
}

function readJourney(row: JourneyStats, threshold: Threshold): number | undefined {
  if (threshold.percentile !== undefined) return row.percentile(threshold.percentile);
  if (threshold.metric === 'journey_count') return row.count;
  if (threshold.metric === 'interrupt_ratio') return row.interruptRatio;
  return row.completed === 0 ? undefined : times(row)[threshold.metric.slice('journey_'.length)];
}

function times(row: { avg: number; median: number; min: number; max: number }): Record<string, number> {
  return { avg: row.avg, med: row.median, min: row.min, max: row.max };
}

function compare(actual: number, op: ThresholdOperator, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '==':
      return actual === limit;
  }
}

/** Farther from passing: higher for an upper limit, lower for a lower limit, off the mark for `==`. */
function isWorse(value: number, than: number, threshold: Threshold): boolean {
  if (threshold.op === '<' || threshold.op === '<=') return value > than;
  if (threshold.op === '>' || threshold.op === '>=') return value < than;
  return Math.abs(value - threshold.limit) > Math.abs(than - threshold.limit);
}
