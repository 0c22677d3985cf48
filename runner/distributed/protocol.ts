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
}

/** What the master wants of a worker now. */
export type Command =
  | { kind: 'wait' }
  /** Run this share of the run (not yet the load): make the threads, then say `ready`. */
  | {
      kind: 'run';
      config: string;
      index: number;
      count: number;
      host: string;
      testData: Record<string, unknown>;
    }
  /** Start the load at `startAt` (the master's epoch ms). */
  | { kind: 'start'; startAt: number }
  /**
   * Change this worker's load to its share of an Edit or of a re-spread (a worker lost):
   * its users and spawn rate, or the run's arrival rate (the arrivals stay split by shard).
   * Sent until the worker answers with `changeVersion` ≥ `version`.
   */
  | { kind: 'change'; version: number; users?: number; spawnRate?: number; arrivalRate?: number }
  | { kind: 'stop'; reason: StopReason };

export interface PollAnswer {
  command: Command;
  /** The master's clock when it answered: the worker's estimate of the offset between clocks. */
  masterNow: number;
}
