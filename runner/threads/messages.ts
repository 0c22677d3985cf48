import type { MessagePort } from 'node:worker_threads';
import type { StatsSnapshot } from '../stats/types.ts';
import type { LoadPoolOptions } from './pool.ts';

/** The one long task each worker thread runs (structured-cloneable; `port` is transferred). */
export interface WorkerTask
  extends Pick<
    LoadPoolOptions,
    | 'userModules'
    | 'host'
    | 'seed'
    | 'testData'
    | 'tags'
    | 'excludeTags'
    | 'stopTimeoutSeconds'
    | 'connections'
  > {
  port: MessagePort;
  thread: number;
  /** Run-wide journey budget: `[taken, finished]` counters shared by every thread. */
  iterations?: { limit: number; counters: SharedArrayBuffer };
}

/** Main thread → worker. */
export type ToWorker =
  /** Start users (ids by class name) and stop others (by id). */
  | { type: 'users'; add: Record<string, number[]>; remove: number[] }
  /** Stop every user, giving them `timeoutSeconds` to finish their journeys; answer with `final`. */
  | { type: 'stop'; timeoutSeconds: number };

/** Worker → main thread. */
export type FromWorker =
  | { type: 'snapshot'; snapshot: StatsSnapshot }
  | { type: 'final'; snapshot: StatsSnapshot }
  /** The journey that spent the run's iteration budget has ended. */
  | { type: 'iterations-done' }
  /** The user modules are imported: users start without delay from now on. */
  | { type: 'ready' };

/** Index of the counters in `WorkerTask.iterations.counters` (an Int32Array). */
export const ITERATIONS_TAKEN = 0;
export const ITERATIONS_FINISHED = 1;
