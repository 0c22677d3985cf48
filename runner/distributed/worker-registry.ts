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
  type UserPositions,
  WORKER_LOST_AFTER_MS,
  type WorkerState,
} from './protocol.ts';
import { snapshotFromWire } from './wire.ts';

type RunCommand = Extract<Command, { kind: 'run' }>;
/** A worker's share of a test, as the load pool makes it (the registry numbers the test). */
export type Share = Omit<RunCommand, 'test' | 'stays'>;

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
  assignment?: RunCommand;
  /** The last test it said it took on (its `run` is sent until this reaches the assignment's). */
  test: number;
  /** Its latest load change (an Edit's share); sent until it says it applied this version. */
  change?: Extract<Command, { kind: 'change' }>;
  changeApplied: number;
  /** It said it ends its process (its test done, or a signal): not kept for the next test. */
  leaving?: boolean;
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
  private make: ((index: number, count: number) => RunCommand) | undefined;
  /** The tests handed out so far: the number of the current one. */
  private tests = 0;
  private startAt: number | undefined;
  private stopReason: StopReason | undefined;
  private quitReason: StopReason | undefined;
  private closed = false;
  /** Each worker's silence timer, by id (see `watch`). */
  private readonly silences = new Map<number, NodeJS.Timeout>();
  /** Looked at on every change of a worker's state (see `until`). */
  private readonly waiters = new Set<() => void>();
  private readonly modulesHash: string;
  private readonly keepsWorkers: boolean;

  /**
   * @param options.keepsWorkers the web UI's master: a worker stays for the next test once
   * its test is done, until `quit`; else (headless) it ends with its one test.
   */
  constructor(modulesHash: string, options: { keepsWorkers?: boolean } = {}) {
    this.modulesHash = modulesHash;
    this.keepsWorkers = options.keepsWorkers ?? false;
  }

  join(request: JoinRequest, now = Date.now()): JoinAnswer {
    if (request.modulesHash !== this.modulesHash) {
      throw new JoinRefused(
        409,
        `the worker's user modules differ from the master's (hash ${request.modulesHash.slice(0, 12)} ≠ ${this.modulesHash.slice(0, 12)}): give both the same -f files`,
      );
    }
    const late = this.make !== undefined;
    if (this.closed || this.quitReason !== undefined || (late && this.stopReason !== undefined))
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
      test: 0,
      changeApplied: 0,
    };
    this.workers.push(worker);
    this.watch(worker);
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
    if (request.test !== undefined) worker.test = request.test;
    if (request.leaving) {
      worker.leaving = true;
      // Between tests it is simply gone; in a test it stays listed (done) until the test ends.
      if (!worker.assignment) {
        this.workers.splice(this.workers.indexOf(worker), 1);
        this.forget(worker);
        this.changed();
        return { command: { kind: 'wait' }, masterNow: Date.now() };
      }
    }
    // Done with its test, a worker of the web UI goes back to waiting at once: for the test
    // still ending here it stays done (the pool waits for every worker's done).
    const state = worker.state === 'done' && worker.assignment ? 'done' : request.state;
    if (worker.state !== state) {
      worker.state = state;
      this.changed();
    }
    return { command: this.commandFor(worker), masterNow: Date.now() };
  }

  /**
   * Resolves once `check` holds: looked at now and whenever a worker's state changes (a poll,
   * a loss, the workers of a test leaving), so waiting costs no timer.
   */
  until(check: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const look = () => {
        if (!check()) return;
        this.waiters.delete(look);
        resolve();
      };
      this.waiters.add(look);
      look();
    });
  }

  /** The workers still in the run (joined and not lost). */
  present(): RemoteWorker[] {
    return this.workers.filter((worker) => worker.state !== 'missing');
  }

  /** Gives each present worker its share of a new test; the same testStart data to all. */
  assign(share: (index: number, count: number) => Share): RemoteWorker[] {
    const test = ++this.tests;
    const make = (index: number, count: number): RunCommand => ({
      ...share(index, count),
      test,
      stays: this.keepsWorkers,
    });
    this.make = make;
    const workers = this.present();
    workers.forEach((worker, index) => {
      worker.index = index;
      worker.assignment = make(index, workers.length);
    });
    return workers;
  }

  /** Gives `worker` a new load (its share of an Edit), sent with its next poll answers until applied. */
  change(
    worker: RemoteWorker,
    load: { users?: number; positions?: UserPositions; spawnRate?: number; arrivalRate?: number },
  ): void {
    worker.change = { kind: 'change', version: (worker.change?.version ?? 0) + 1, ...load };
  }

  /**
   * After a test of the web UI: the workers that ran it wait for the next (each has gone back
   * to `joined`), beside those that joined since; the lost and the leaving are forgotten, and
   * new ones may join.
   */
  reopen(): void {
    const staying = this.workers.filter((worker) => worker.state !== 'missing' && !worker.leaving);
    for (const worker of staying) {
      worker.index = -1;
      worker.assignment = undefined;
      worker.change = undefined;
      worker.changeApplied = 0;
      worker.users = 0;
      worker.snapshots = 0;
      worker.exitCode = undefined;
      // One that never says so again (gone without a word) is found lost as any waiting worker.
      if (worker.state === 'done') worker.state = 'joined';
    }
    for (const worker of this.workers) if (!staying.includes(worker)) this.forget(worker);
    this.workers.splice(0, this.workers.length, ...staying);
    // A worker's silence timer ends with its test (`watch`): it is watched again while it waits.
    for (const worker of staying) {
      this.forget(worker);
      this.watch(worker);
    }
    this.startAt = undefined;
    this.stopReason = undefined;
    this.make = undefined;
    for (const look of [...this.waiters]) look();
  }

  start(startAt: number): void {
    this.startAt = startAt;
  }

  stop(reason: StopReason): void {
    this.stopReason ??= reason;
  }

  /** The master's session is over: every worker stops what it runs and ends its process. */
  quit(reason: StopReason): void {
    this.quitReason ??= reason;
  }

  /** True once the stop is given (the workers' last states are no change of load). */
  stopping(): boolean {
    return this.stopReason !== undefined || this.quitReason !== undefined;
  }

  /** No more joins, no more silence timers. */
  close(): void {
    this.closed = true;
    for (const worker of this.workers) this.forget(worker);
  }

  private commandFor(worker: RemoteWorker): Command {
    if (this.quitReason !== undefined) return { kind: 'quit', reason: this.quitReason };
    if (this.stopReason !== undefined) return { kind: 'stop', reason: this.stopReason };
    if (worker.state === 'joined' && worker.assignment && worker.test < worker.assignment.test)
      return worker.assignment;
    if (worker.state === 'ready' && this.startAt !== undefined)
      return { kind: 'start', startAt: this.startAt };
    if (worker.state === 'running' && worker.change && worker.change.version > worker.changeApplied)
      return worker.change;
    return { kind: 'wait' };
  }

  private changed(): void {
    this.events.onChange?.();
    for (const look of [...this.waiters]) look();
  }

  /**
   * Counts `worker` missing once it has been silent WORKER_LOST_AFTER_MS. One timer per worker,
   * set for when its silence would reach the limit; a poll only moves `lastSeen`, and the timer
   * that finds a poll since sets itself again. A sweep four times a second woke the master's
   * idle loop for nothing nearly every time.
   */
  private watch(worker: RemoteWorker): void {
    const look = () => {
      this.silences.delete(worker.id);
      if (this.closed || worker.state === 'missing' || worker.state === 'done') return;
      const silent = Date.now() - worker.lastSeen;
      if (silent <= WORKER_LOST_AFTER_MS) return this.watch(worker);
      worker.state = 'missing';
      this.events.onLost?.(worker);
      this.changed();
    };
    const due = Math.max(0, worker.lastSeen + WORKER_LOST_AFTER_MS - Date.now()) + 1;
    this.silences.set(worker.id, setTimeout(look, due));
  }

  private forget(worker: RemoteWorker): void {
    clearTimeout(this.silences.get(worker.id));
    this.silences.delete(worker.id);
  }
}
