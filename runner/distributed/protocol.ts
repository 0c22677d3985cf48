/**
 * The master–worker protocol (docs/decisions.md, "Distributed mode"): plain JSON over HTTP
 * on the master's one port. A worker joins, then polls; each poll carries its state and its
 * snapshots since the last one, and the answer is what the master wants of it now.
 */
import type { StopReason } from '../drive/drive-load.ts';
import type { WireSnapshot } from './wire.ts';

/** Locust's master port. */
export const DEFAULT_MASTER_PORT = 5557;
/** A worker silent this long is missing (Locust's three missed heartbeats, with room for a loaded machine). */
export const WORKER_LOST_AFTER_MS = 5000;
/** A master that has not answered this long is lost: the worker stops (within 5 s, with its last poll's timeout). */
export const MASTER_LOST_AFTER_MS = 4000;
/** One request to the master gives up after this long. */
export const REQUEST_TIMEOUT_MS = 1500;
/** How far ahead of now the master sets the start, so every worker hears it before. */
export const START_LEAD_MS = 1500;
/** A worker polls this often before the load (to hear the start soon), once a second during it. */
export const WAITING_POLL_MS = 200;
export const RUNNING_POLL_MS = 1000;

/** `joined`: waiting for a test (Locust's "ready"), also between the web UI's tests. */
export type WorkerState = 'joined' | 'ready' | 'running' | 'done';

export interface JoinRequest {
  name: string;
  /** `usersModulesHash` of the worker's user modules. */
  modulesHash: string;
}

export interface JoinAnswer {
  id: number;
  masterNow: number;
}

export interface PollRequest {
  id: number;
  state: WorkerState;
  users: number;
  snapshots: WireSnapshot[];
  /** Once `done`: the worker's own exit code. */
  exitCode?: number;
  /** The version of the last `change` it applied (0: none yet). */
  changeVersion?: number;
  /** The `test` of the last `run` it took on (0: none yet). */
  test?: number;
  /** The worker ends its process after this poll (a signal, or its one test done): forget it. */
  leaving?: boolean;
}

/** Which of the run's users a worker runs: positions `index`, `index + count`… of the run's sequence of classes. */
export interface UserPositions {
  index: number;
  count: number;
}

/** What the master wants of a worker now. */
export type Command =
  | { kind: 'wait' }
  /**
   * Run this share of the run (not yet the load): make the threads, then say `ready`. Sent
   * until the worker's polls carry this `test`; with `stays`, the worker waits for the next
   * test once this one is done, else it ends its process.
   */
  | {
      kind: 'run';
      config: string;
      index: number;
      count: number;
      host: string;
      testData: Record<string, unknown>;
      test: number;
      stays: boolean;
    }
  /** Start the load at `startAt` (the master's epoch ms). */
  | { kind: 'start'; startAt: number }
  /**
   * Change this worker's load to its share of an Edit or of a re-spread (a worker lost):
   * its users, their positions in the run's sequence of classes and its spawn rate, or the
   * run's arrival rate (the arrivals stay split by shard). Sent until the worker answers with
   * `changeVersion` ≥ `version`.
   */
  | {
      kind: 'change';
      version: number;
      users?: number;
      positions?: UserPositions;
      spawnRate?: number;
      arrivalRate?: number;
    }
  /** Stop the test (its load, then its last snapshots and `done`). */
  | { kind: 'stop'; reason: StopReason }
  /** The master's session is over: stop a test still running, then end the process. */
  | { kind: 'quit'; reason: StopReason };

export interface PollAnswer {
  command: Command;
  /** The master's clock when it answered: the worker's estimate of the offset between clocks. */
  masterNow: number;
}
