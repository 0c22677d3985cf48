import type { MessagePort } from 'node:worker_threads';
import type { RateSegment } from '../load-model/arrival-shape.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import type { LoadPoolOptions } from './pool.ts';

/** The one long task each worker thread runs (structured-cloneable; `port` is transferred). */
export interface WorkerTask
  extends Pick<
    LoadPoolOptions,
    | 'host'
    | 'seed'
    | 'testData'
    | 'stopTimeoutSeconds'
    | 'connections'
    | 'requestTimeoutMs'
    | 'http'
    | 'maxNames'
  > {
  /** The checked classes' modules, which the worker imports itself (classes cannot cross threads). */
  userModules: string[];
  /** The user's TypeScript modules as the main thread stripped them, by URL (discovery/stripped-sources.ts). */
  strippedSources?: Record<string, string>;
  tags?: string[];
  excludeTags?: string[];
  port: MessagePort;
  thread: number;
  threads: number;
  firstUserId: number;
  /** This process's shard of the run (`{ index: 0, count: 1 }` unsharded): ids and arrivals step by `count`. */
  shard: { index: number; count: number };
  /** One Int32 per thread: the id of the journey step it started last (runner/engine/step-marker.ts). */
  steps: SharedArrayBuffer;
  /** Run-wide journey budget: `[taken, finished]` counters shared by every thread. */
  iterations?: { limit: number; counters: SharedArrayBuffer };
  /** Open model: the classes in slot order with their share of max_users, and the shared in-flight counters. */
  arrivals?: { mix: { name: string; maxUsers: number; weight?: number }[]; slots: SharedArrayBuffer };
}

/** Main thread → worker. */
export type ToWorker =
  /** Start users (ids by class name) and stop others (by id). */
  | { type: 'users'; add: Record<string, number[]>; remove: number[] }
  /** Open model: start the arrivals of this schedule, timed from `startAt` (epoch ms). */
  | { type: 'arrivals'; segments: RateSegment[]; startAt: number }
  /** Stop every user, giving them `timeoutSeconds` to finish their journeys; answer with `final`. */
  | { type: 'stop'; timeoutSeconds: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'snapshot'; snapshot: StatsSnapshot }
  | { type: 'final'; snapshot: StatsSnapshot }
  /** The journey that spent the run's iteration budget has ended. */
  | { type: 'iterations-done' }
  /** The user modules are imported: users start without delay from now on. */
  | { type: 'ready' }
  /** A journey step started for the first time on this thread, and its id in `steps`. */
  | { type: 'step'; id: number; name: string };

/** Index of the counters in `WorkerTask.iterations.counters` (an Int32Array). */
export const ITERATIONS_TAKEN = 0;
export const ITERATIONS_FINISHED = 1;
