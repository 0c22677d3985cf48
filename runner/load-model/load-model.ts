/**
 * The one interface every load model fulfils (as k6's executors do): the drive calls `start`
 * once, `tick` every spawn step, `retarget` on the web UI's edit, and stops the run once
 * `done()`. A model says what it wants through a `LoadSink` — users or arrivals — and never
 * learns about threads, shards' ids or the console. One file per model:
 *
 * | kind          | file                 | what it is                                                 |
 * | ------------- | -------------------- | ---------------------------------------------------------- |
 * | `closed`      | `closed-stages.ts`   | closed model: users ramped along stages (Locust, k6 vus)   |
 * | `open`        | `open-arrivals.ts`   | open model: journeys started at a rate (k6 arrival-rate)   |
 * | `shape`       | `code-shape.ts`      | a `LoadShape` class's `tick` (Locust's LoadTestShape)      |
 * | `find-limit`  | `find-limit.ts`      | steps the load up until a limit breaks for a whole step    |
 *
 * Everything a model is given is plain data or an interface, so a distributed run can hand
 * each worker its share of the same model.
 */
import type { ShapeRun } from '../api/load-shape.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import type { RateSegment } from './arrival-shape.ts';
import type { LoadPlan } from './load-plan.ts';

/** Where a model sends the load it wants. */
export interface LoadSink {
  /** Closed model: `users` wanted now over this process's run, heading for `target`. */
  setUsers(users: number, target: number): void;
  /**
   * Open model: the whole schedule of arrivals from the load's start. A new schedule must keep
   * the part already past, so every thread agrees on the arrivals already due.
   */
  setArrivals(segments: readonly RateSegment[]): void;
  /** A line for the live console (a step judged, a shape's end). */
  note(line: string): void;
}

/** The web UI's edit: closed models take users (and spawn rate), open ones a rate. */
export interface LoadChange {
  users?: number;
  spawnRate?: number;
  arrivalRate?: number;
}

/** What a model sees of the run at each tick. */
export type RunView = ShapeRun;

/** How a model shows itself: the live console, the start line, summary.json's `run`. */
export interface LoadModelStatus {
  /** The users the load is heading for (closed), or the cap on users in flight (open). */
  targetUsers: number;
  /** Open model: the rate wanted now. */
  arrivalRate?: number;
}

export interface LoadModel {
  /** Which model (summary.json's `run.loadModel`). */
  readonly kind: LoadPlan['kind'];
  /** Seconds the load lasts as planned (`Infinity`: until `done()`, a stop or Ctrl-C). */
  readonly durationSeconds: number;
  /**
   * The open model's cap on users busy at once, over the whole run; undefined when the model
   * never sends arrivals (the pool then needs no arrival slots).
   */
  readonly maxUsers?: number;
  /** Milliseconds between the model's start and its first load (open: every thread has the schedule first). */
  readonly headStartMs: number;
  /** The load at second 0. */
  start(sink: LoadSink): void;
  /** Called every spawn step (~100 ms) with the run as it is now. */
  tick(run: RunView, sink: LoadSink): void;
  /** The web UI's edit at `elapsedSeconds`; false when the model cannot take it. */
  retarget(change: LoadChange, elapsedSeconds: number, sink: LoadSink): boolean;
  /** True once the model has no more load to give: the run stops (`duration`). */
  done(elapsedSeconds: number): boolean;
  status(elapsedSeconds: number): LoadModelStatus;
  /** Each thread's snapshot as the run merges it (a model that keeps windows of statistics of its own). */
  observe?(snapshot: StatsSnapshot): void;
  /** The part of the start line after the thread count (`, open model up to 5/s, max_users 50`). */
  startNote(): string;
  /** summary.json's `run` fields of this model. */
  metadata(): Record<string, unknown>;
  /** Lines for the console after the run's summary (find-limit: the limit found). */
  report?(): string[];
}
