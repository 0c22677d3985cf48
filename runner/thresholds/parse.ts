/**
 * Threshold expressions, parsed before the run starts so a typo fails in the first second,
 * not after a 30-minute endurance run:
 *
 *     [selector:] metric op value[unit]        spaces optional
 *
 * `p95<500ms`, `p(99) < 1.5s`, `fail_ratio<0.01`, `GET /orders/{id}: p95<300`,
 * `EndToEndOrder: journey_p95 < 8s`, and for the open model `dropped_ratio<1%`,
 * `start_lag_p99<50ms`. Evaluation lives in evaluate.ts, beside it.
 */
import { closestName } from '../closest-name.ts';
import { k6Hint, k6MetricHint } from './k6-hints.ts';
import { ThresholdError } from './threshold-error.ts';

export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==';
/** What `limit` and `actual` are measured in: milliseconds, a ratio 0–1, requests per second, a count. */
export type ThresholdUnit = 'ms' | 'ratio' | 'rps' | 'count';
export type ThresholdScope = 'request' | 'journey' | 'arrival';

export interface Threshold {
  /** The expression as written. */
  expression: string;
  /** Request name (`GET /orders/{id}`) or journey name; undefined = every request (or every journey). */
  selector?: string;
  /** Canonical metric: `p95`, `p99.9`, `avg`, `med`, `min`, `max`, `fail_ratio`, `rps`, `count`, `journey_p95`, `journey_avg`…, `interrupt_ratio`. */
  metric: string;
  /** Whether the metric reads requests, journeys or the open model's arrivals. */
  scope: ThresholdScope;
  /** The percentile of a `pN`/`journey_pN` metric (95, 99.9); undefined otherwise. */
  percentile?: number;
  op: ThresholdOperator;
  /** The limit in `unit`: times in ms (`1.5s` → 1500), ratios 0–1 (`1%` → 0.01). */
  limit: number;
  unit: ThresholdUnit;
}

/** Metric name (without `journey_`) → unit; percentiles are handled apart. */
const requestMetrics: Record<string, ThresholdUnit> = {
  avg: 'ms',
  med: 'ms',
  median: 'ms',
  min: 'ms',
  max: 'ms',
  fail_ratio: 'ratio',
  rps: 'rps',
  count: 'count',
};
const journeyMetrics: Record<string, ThresholdUnit> = {
  journey_avg: 'ms',
  journey_med: 'ms',
  journey_median: 'ms',
  journey_min: 'ms',
  journey_max: 'ms',
  journey_count: 'count',
  interrupt_ratio: 'ratio',
};
/** The open model's arrivals: dropped ones (k6's dropped_iterations) and the start lag. */
const arrivalMetrics: Record<string, ThresholdUnit> = {
  dropped_ratio: 'ratio',
  dropped: 'count',
  start_lag_avg: 'ms',
  start_lag_med: 'ms',
  start_lag_median: 'ms',
  start_lag_min: 'ms',
  start_lag_max: 'ms',
};
const knownMetrics = [
  'p95',
  'p99.9',
  'journey_p95',
  'start_lag_p95',
  ...Object.keys(requestMetrics),
  ...Object.keys(journeyMetrics),
  ...Object.keys(arrivalMetrics),
];
const timeUnits: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000 };

/**
 * Parses one threshold expression. `where` (a flag or `file:line: field`) prefixes the error.
 * @example parseThreshold('GET /orders/{id}: p95<300', '--threshold')
 * // { selector: 'GET /orders/{id}', metric: 'p95', percentile: 95, op: '<', limit: 300, unit: 'ms', … }
 */
export function parseThreshold(expr: string, where?: string): Threshold {
  const fail = (problem: string): never => {
    throw new ThresholdError(`${where ? `${where}: ` : ''}threshold ${JSON.stringify(expr)}: ${problem}`);
  };
  // Metrics, operators and values never hold a ':', so the last one ends the selector.
  const colon = expr.lastIndexOf(':');
  const selector = colon >= 0 ? expr.slice(0, colon).trim() : undefined;
  if (selector === '') fail('empty selector before ":" (name a request or a journey, or leave the ":" out)');
  const k6 = selector === undefined ? undefined : k6Hint(selector, expr.slice(colon + 1));
  if (k6) fail(k6);
  const cursor = new Cursor(expr.slice(colon + 1));

  const metricText = cursor.take(/^(?:journey_|start_lag_)?p\([^)]*\)|^[A-Za-z_][A-Za-z0-9_.]*/);
  if (!metricText) {
    fail(
      cursor.rest() === ''
        ? 'expected a metric such as p95, avg or fail_ratio'
        : `expected a metric, got "${cursor.rest()}"`,
    );
  }
  const metric = readMetric(metricText!, fail);
  if (metric.scope === 'arrival' && selector !== undefined) {
    fail(`${metric.name} is about the whole run's arrivals: leave the selector out`);
  }

  const op = cursor.take(/^(?:<=|>=|==|<|>)/) as ThresholdOperator | undefined;
  if (!op) {
    const got = cursor.rest();
    if (got.startsWith('=') || got.startsWith('!=')) fail(`unsupported operator; use <, <=, >, >= or ==`);
    fail(`expected an operator (<, <=, >, >=, ==) after "${metricText}"`);
  }

  const numberText = cursor.take(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/);
  if (!numberText) fail(`expected a number after "${op}"`);
  const value = Number(numberText);
  if (value < 0) fail(`the limit must not be negative (got ${numberText})`);

  const limit = scaleLimit(metric.name, metric.unit, value, cursor.rest(), fail);
  return {
    expression: expr,
    ...(selector === undefined ? {} : { selector }),
    metric: metric.name,
    scope: metric.scope,
    ...(metric.percentile === undefined ? {} : { percentile: metric.percentile }),
    op: op!,
    limit,
    unit: metric.unit,
  };
}

interface MetricInfo {
  name: string;
  scope: ThresholdScope;
  unit: ThresholdUnit;
  percentile?: number;
}

function readMetric(text: string, fail: (problem: string) => never): MetricInfo {
  const lower = text.toLowerCase();
  const percentile = /^(journey_|start_lag_)?p(?:\(\s*([^)]*?)\s*\)|(.*))$/.exec(lower);
  // `p(…)` is always meant as a percentile; `pNN` only when a digit follows the p.
  if (percentile && (percentile[2] !== undefined || /^\d/.test(percentile[3]))) {
    const digits = percentile[2] ?? percentile[3];
    const value = Number(digits);
    if (!/^\d+(?:\.\d+)?$/.test(digits) || !(value >= 0 && value <= 100)) {
      fail(`unknown metric "${text}" (percentiles go from p0 to p100, e.g. p95, p99.9, p(99))`);
    }
    const prefix = percentile[1] ?? '';
    return {
      name: `${prefix}p${value}`,
      scope: prefix === 'journey_' ? 'journey' : prefix === 'start_lag_' ? 'arrival' : 'request',
      unit: 'ms',
      percentile: value,
    };
  }
  const unit = requestMetrics[lower] ?? journeyMetrics[lower] ?? arrivalMetrics[lower];
  if (!unit) {
    const guess = closestName(lower, knownMetrics);
    const k6 = k6MetricHint(lower);
    fail(
      `unknown metric "${text}"${k6 ? ` (${k6})` : guess ? ` (did you mean "${guess}"?)` : ''}; metrics are p50…p100, p(95), avg, med, min, max, fail_ratio, rps, count, journey_p95…, journey_avg, interrupt_ratio, dropped_ratio, dropped, start_lag_p95…, start_lag_avg`,
    );
  }
  const name = lower.replace(/median$/, 'med');
  const scope = lower in journeyMetrics ? 'journey' : lower in arrivalMetrics ? 'arrival' : 'request';
  return { name, scope, unit };
}

function scaleLimit(
  metric: string,
  unit: ThresholdUnit,
  value: number,
  unitText: string,
  fail: (problem: string) => never,
): number {
  if (unit === 'ms') {
    const factor = timeUnits[unitText === '' ? 'ms' : unitText];
    if (factor === undefined)
      fail(`unknown unit "${unitText}" for ${metric} (use us, ms or s; plain numbers are ms)`);
    return value * factor;
  }
  if (unit === 'ratio') {
    if (unitText === '%') return value / 100;
    if (unitText !== '') fail(`${metric} is a ratio: write 0.01 or 1%, not "${unitText}"`);
    if (value > 1)
      fail(`${metric} is a ratio between 0 and 1 (got ${value}; write ${value}% for a percentage)`);
    return value;
  }
  if (unit === 'rps' && (unitText === '' || unitText === '/s')) return value;
  if (unit === 'count' && unitText === '') return value;
  return fail(`${metric} takes no unit (got "${unitText}")`);
}

/** Reads tokens off the front of a string, skipping spaces between them. */
class Cursor {
  #text: string;
  constructor(text: string) {
    this.#text = text.trim();
  }
  take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.#text);
    if (!match) return undefined;
    this.#text = this.#text.slice(match[0].length).trimStart();
    return match[0];
  }
  rest(): string {
    return this.#text;
  }
}
