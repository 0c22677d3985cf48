/** The live statistics of the last window (Locust's *current* figures: about the last 10 s). */
export interface ShapeWindowStats {
  /** Requests per second. */
  rps: number;
  /** Failed requests per request, 0–1 (0 without requests). */
  failRatio: number;
  /** Response-time percentiles in ms (0 without requests). */
  p50: number;
  p95: number;
  p99: number;
}

/** What a load shape sees at each tick. */
export interface ShapeRun {
  /** Seconds since the load started. */
  elapsedSeconds: number;
  /** Users running now (open model: users busy with a journey). */
  users: number;
  stats: ShapeWindowStats;
}

/**
 * What a tick asks for: users ramped at `spawnRate` per second (closed model), journeys
 * started per second (open model), or `null` to end the run.
 */
export type ShapeTick = { users: number; spawnRate: number } | { arrivalRate: number } | null;

/**
 * A load shape written in code, as Locust's `LoadTestShape`: the runner calls `tick` about
 * once a second and follows what it returns, until it returns `null`. Export one from a users
 * module and the run uses it; with several, `--shape NAME` (or a profile's `shape:`) picks one.
 *
 * `maxUsers` caps the users busy at once when a tick returns `arrivalRate` (default: `-u`).
 *
 * @example
 * export class BackOffWhenSlow extends LoadShape {
 *   tick(run: ShapeRun): ShapeTick {
 *     if (run.elapsedSeconds > 120) return null;
 *     if (run.stats.p95 > 500) return { users: Math.max(1, run.users - 5), spawnRate: 5 };
 *     return { users: run.users + 2, spawnRate: 2 };
 *   }
 * }
 */
export abstract class LoadShape {
  /** The open model's cap on users in flight; undefined = the run's `-u`. */
  maxUsers?: number;

  abstract tick(run: ShapeRun): ShapeTick;
}

/** A class that extends `LoadShape` (what a users module exports). */
export type LoadShapeClass = new () => LoadShape;

/** Whether `value` is a class extending `LoadShape` (not `LoadShape` itself). */
export function isLoadShapeClass(value: unknown): value is LoadShapeClass {
  return typeof value === 'function' && value !== LoadShape && value.prototype instanceof LoadShape;
}
