/**
 * When each journey of an open-model run arrives. The rate is piecewise linear: a constant
 * `arrival_rate` is one flat segment, `stages` ramp linearly from the previous stage's rate
 * (0 before the first), as k6's ramping-arrival-rate does.
 *
 * Arrivals are numbered from 0; arrival k is due when the rate's integral since the start
 * reaches k (so the first is due at once, and a constant rate R over D seconds due
 * exactly R×D). Every time is computed from the start — never by adding intervals — so a
 * late timer does not shift the arrivals after it.
 */

/** One segment of the rate over time: from `fromRate` to `toRate` journeys/s, linearly, over `durationSeconds`. */
export interface RateSegment {
  /** `Infinity` for a run without a time limit (then the rate must be constant). */
  durationSeconds: number;
  fromRate: number;
  toRate: number;
}

/** A float slack so an arrival due exactly on a segment's edge belongs to the next segment, whatever the rounding. */
const EPSILON = 1e-9;

/**
 * Seconds from the start at which arrival `k` (0-based) is due, or undefined when the shape
 * ends first.
 * @example arrivalTime([{ durationSeconds: 10, fromRate: 4, toRate: 4 }], 6) // 1.5
 */
export function arrivalTime(segments: readonly RateSegment[], k: number): number | undefined {
  let start = 0;
  let before = 0;
  for (const segment of segments) {
    const { durationSeconds: d, fromRate: from, toRate: to } = segment;
    const inSegment = d === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : ((from + to) / 2) * d;
    const x = k - before;
    if (x < inSegment - EPSILON) {
      if (x <= 0) return start;
      const slope = d === Number.POSITIVE_INFINITY ? 0 : (to - from) / d;
      // Solves from·τ + slope·τ²/2 = x in the form that stays exact when slope → 0 or is negative.
      return start + (2 * x) / (from + Math.sqrt(from * from + 2 * slope * x));
    }
    before += inSegment;
    start += d;
  }
  return undefined;
}

/**
 * Arrivals due in the first `seconds` (the rate's integral, not rounded).
 * @example arrivalsBy([{ durationSeconds: 10, fromRate: 0, toRate: 10 }], 10) // 50
 */
export function arrivalsBy(segments: readonly RateSegment[], seconds: number): number {
  let total = 0;
  let start = 0;
  for (const { durationSeconds: d, fromRate: from, toRate: to } of segments) {
    const into = Math.min(d, seconds - start);
    if (into <= 0) break;
    const slope = d === Number.POSITIVE_INFINITY ? 0 : (to - from) / d;
    total += from * into + (slope * into * into) / 2;
    start += d;
  }
  return total;
}

/**
 * The target rate `seconds` after the start; 0 once the shape has ended.
 * @example rateAt([{ durationSeconds: 10, fromRate: 0, toRate: 10 }], 2.5) // 2.5
 */
export function rateAt(segments: readonly RateSegment[], seconds: number): number {
  let start = 0;
  for (const { durationSeconds: d, fromRate: from, toRate: to } of segments) {
    if (seconds < start + d) {
      return d === Number.POSITIVE_INFINITY ? from : from + ((to - from) * (seconds - start)) / d;
    }
    start += d;
  }
  return 0;
}

/** Seconds until the last segment ends (`Infinity` without a time limit). */
export function arrivalShapeDuration(segments: readonly RateSegment[]): number {
  return segments.reduce((sum, segment) => sum + segment.durationSeconds, 0);
}

/** The highest rate the shape reaches (for the default `max_users`). */
export function peakRate(segments: readonly RateSegment[]): number {
  return segments.reduce((peak, segment) => Math.max(peak, segment.fromRate, segment.toRate), 0);
}
