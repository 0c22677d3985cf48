/**
 * The master's book of its workers: who joined, what each was told, what each said last,
 * and who went silent. The HTTP side (master-server.ts) and the load pool over the workers
 * (remote-pool.ts) both work through it.
 */
import type { StopReason } from '../drive/drive-load.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import {
  type Command,
  type JoinAnswer,
  type JoinRequest,
  type PollAnswer,
  type PollRequest,
  WORKER_LOST_AFTER_MS,
  type WorkerState,
} from './protocol.ts';
import { snapshotFromWire } from './wire.ts';

export interface RemoteWorker {
  id: number;
  name: string;
  /** Its index among the workers given a share (the shard index); -1 before the run. */
  index: number;
  state: WorkerState | 'missing';
  users: number;
  lastSeen: number;
  snapshots: number;
  exitCode?: number;
  assignment?: Extract<Command, { kind: 'run' }>;
  /** Its latest load change (an Edit's share); sent until it says it applied this version. */
  change?: Extract<Command, { kind: 'change' }>;
  changeApplied: number;
}

/** Why a join is refused: the HTTP status and the one line the worker prints. */
export class JoinRefused extends Error {
  readonly status: 401 | 409;
  constructor(status: 401 | 409, message: string) {
    super(message);
    this.status = status;
  }
}

export interface RegistryEvents {
  onJoin?(worker: RemoteWorker): void;
  onLost?(worker: RemoteWorker): void;
  onSnapshot?(snapshot: StatsSnapshot, worker: RemoteWorker): void;
  /** A worker's state changed (ready, done). */
  onChange?(): void;
  /**
   * A worker joining once the run has begun: a reason to refuse it, or undefined to take it
   * (it gets the next index and its share, then a change like the others).
   */
  lateJoin?(): string | undefined;
}

export class WorkerRegistry {
  readonly workers: RemoteWorker[] = [];
  events: RegistryEvents = {};
  private nextId = 1;
  /** The shares' maker once the run has begun (a late worker gets its share from it). */
  private make: ((index: number, count: number) => Extract<Command, { kind: 'run' }>) | undefined;
  private startAt: number | undefined;
  private stopReason: StopReason | undefined;
  private closed = false;
  private readonly sweep: NodeJS.Timeout;
  private readonly modulesHash: string;

  constructor(modulesHash: string) {
    this.modulesHash = modulesHash;
    this.sweep = setInterval(() => this.findLost(), 250);
  }

  join(request: JoinRequest, now = Date.now()): JoinAnswer {
    if (request.modulesHash !== this.modulesHash) {
      throw new JoinRefused(
        409,
        `the worker's user modules differ from the master's (hash ${request.modulesHash.slice(0, 12)} ≠ ${this.modulesHash.slice(0, 12)}): give both the same -f files`,
      );
    }
    const late = this.make !== undefined;
    if (this.closed || (late && this.stopReason !== undefined))
      throw new JoinRefused(409, 'the run is ending: start the worker for the next run');
    if (late) {
      const { lateJoin } = this.events;
      const refused = lateJoin
        ? lateJoin()
        : 'the run has already started: start the worker before the master begins';
      if (refused) throw new JoinRefused(409, refused);
    }
    const worker: RemoteWorker = {
      id: this.nextId++,
      name: request.name,
      index: -1,
      state: 'joined',
      users: 0,
      lastSeen: now,
      snapshots: 0,
      changeApplied: 0,
    };
    this.workers.push(worker);
    if (late && this.make) {
      worker.index = this.workers.filter((other) => other.index >= 0).length;
      worker.assignment = this.make(worker.index, worker.index + 1);
    }
    this.events.onJoin?.(worker);
    return { id: worker.id, masterNow: now };
  }

  poll(request: PollRequest, now = Date.now()): PollAnswer | undefined {
    const worker = this.workers.find((candidate) => candidate.id === request.id);
    if (!worker || worker.state === 'missing') return undefined;
    worker.lastSeen = now;
    for (const wire of request.snapshots) {
      worker.snapshots++;
      this.events.onSnapshot?.(snapshotFromWire(wire), worker);
    }
    worker.users = request.users;
    if (request.exitCode !== undefined) worker.exitCode = request.exitCode;
    if (request.changeVersion !== undefined) worker.changeApplied = request.changeVersion;
    if (worker.state !== request.state) {
      worker.state = request.state;
      this.events.onChange?.();
    }
    return { command: this.commandFor(worker), masterNow: Date.now() };
  }

  /** The workers still in the run (joined and not lost). */
  present(): RemoteWorker[] {
    return this.workers.filter((worker) => worker.state !== 'missing');
  }

  /** Gives each present worker its share; the same testStart data to all. */
  assign(make: (index: number, count: number) => Extract<Command, { kind: 'run' }>): RemoteWorker[] {
    this.make = make;
    const workers = this.present();
    workers.forEach((worker, index) => {
      worker.index = index;
      worker.assignment = make(index, workers.length);
    });
    return workers;
  }

  /** Gives `worker` a new load (its share of an Edit), sent with its next poll answers until applied. */
  change(worker: RemoteWorker, load: { users?: number; spawnRate?: number; arrivalRate?: number }): void {
    worker.change = { kind: 'change', version: (worker.change?.version ?? 0) + 1, ...load };
  }

  /**
   * After a run of the web UI: the workers that ran it leave (each ends its process, as its
   * reports are written), the ones that joined since stay, and new ones may join for the next.
   */
  reopen(): void {
    const waiting = this.workers.filter((worker) => !worker.assignment && worker.state !== 'missing');
    this.workers.splice(0, this.workers.length, ...waiting);
    this.startAt = undefined;
    this.stopReason = undefined;
    this.make = undefined;
  }

  start(startAt: number): void {
    this.startAt = startAt;
  }

  stop(reason: StopReason): void {
    this.stopReason ??= reason;
  }

  /** True once the stop is given (the workers' last states are no change of load). */
  stopping(): boolean {
    return this.stopReason !== undefined;
  }

  /** No more joins, no more sweeps. */
  close(): void {
    this.closed = true;
    clearInterval(this.sweep);
  }

  private commandFor(worker: RemoteWorker): Command {
    if (this.stopReason !== undefined) return { kind: 'stop', reason: this.stopReason };
    if (worker.state === 'joined' && worker.assignment) return worker.assignment;
    if (worker.state === 'ready' && this.startAt !== undefined)
      return { kind: 'start', startAt: this.startAt };
    if (worker.state === 'running' && worker.change && worker.change.version > worker.changeApplied)
      return worker.change;
    return { kind: 'wait' };
  }

  private findLost(now = Date.now()): void {
    for (const worker of this.workers) {
      if (worker.state === 'missing' || worker.state === 'done') continue;
      if (now - worker.lastSeen > WORKER_LOST_AFTER_MS) {
        worker.state = 'missing';
        this.events.onLost?.(worker);
        this.events.onChange?.();
      }
    }
  }
}
