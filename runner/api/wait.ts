/**
 * Wait-time functions, as in Locust: how long a user thinks after each step of a journey
 * and after the journey before starting the next one. All values are seconds.
 */

/** What a wait function may look at. */
export interface WaitContext {
  /** Seconds the last journey took (from its start to its end, think time between its steps included). */
  lastJourneySeconds: number;
  /**
   * Seconds since the user's last wait ended: the step just run, or the whole journey when
   * its steps run back to back. What `constantPacing` subtracts, as Locust's `constant_pacing`.
   */
  busySeconds: number;
  /** The user's seeded random source, in [0, 1). */
  random: () => number;
}

/** Returns the seconds to wait before the next step or journey. */
export type WaitTime = (context: WaitContext) => number;

/**
 * A uniformly random wait between `min` and `max` seconds.
 * @example waitTime = between(0.5, 2);
 */
export function between(min: number, max: number): WaitTime {
  if (!(min >= 0 && max >= min)) throw new RangeError(`between(${min}, ${max}): need 0 <= min <= max`);
  return ({ random }) => min + random() * (max - min);
}

/**
 * Always the same wait.
 * @example waitTime = constant(1);
 */
export function constant(seconds: number): WaitTime {
  if (!(seconds >= 0)) throw new RangeError(`constant(${seconds}): need seconds >= 0`);
  return () => seconds;
}

/**
 * Start a step (or a journey) every `seconds` at most: waits `seconds` minus the time spent
 * since the last wait, so the pacing holds per step as Locust's `constant_pacing` does in a
 * `SequentialTaskSet`.
 * @example waitTime = constantPacing(0.2); // at most 5 steps/s per user
 */
export function constantPacing(seconds: number): WaitTime {
  if (!(seconds >= 0)) throw new RangeError(`constantPacing(${seconds}): need seconds >= 0`);
  return ({ busySeconds }) => Math.max(0, seconds - busySeconds);
}

/**
 * At most `perSecond` steps (or journeys) per second per user (the inverse of constantPacing).
 * @example waitTime = constantThroughput(10);
 */
export function constantThroughput(perSecond: number): WaitTime {
  if (!(perSecond > 0)) throw new RangeError(`constantThroughput(${perSecond}): need perSecond > 0`);
  return constantPacing(1 / perSecond);
}
