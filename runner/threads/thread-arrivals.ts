/**
 * The open model in one worker thread: starts its share of the arrivals on time, whatever
 * the latency. Thread i of N takes arrivals i, i+N, i+2N… of the run's schedule, and
 * computes when each is due from the common start — a late timer makes the arrivals it
 * held late (their start lag shows it), never the ones after it.
 */

import { type ArrivalRecorder, ArrivalUser } from '../engine/arrival-user.ts';
import type { IterationBudget } from '../engine/user-loop.ts';
import { userSeed } from '../engine/user-loop.ts';
import type { ConnectionPools } from '../http/connection-pools.ts';
import { arrivalTime, type RateSegment } from '../load-model/arrival-shape.ts';
import { ArrivalClasses } from './arrival-classes.ts';
import type { ArrivalSlots } from './arrival-slots.ts';
import type { RunnableClass } from './thread-users.ts';

export interface ThreadArrivalsOptions {
  /** The runnable classes of this thread, by name. */
  classes: ReadonlyMap<string, RunnableClass>;
  /** The run's classes in slot order, each with its share of max_users (also its share of arrivals unless `weight` is given). */
  mix: readonly { name: string; maxUsers: number; weight?: number }[];
  slots: ArrivalSlots;
  thread: number;
  threads: number;
  host: string;
  seed: number;
  testData: Readonly<Record<string, unknown>>;
  recorder: ArrivalRecorder;
  pools: ConnectionPools;
  stopTimeoutSeconds: number;
  iterations?: IterationBudget;
  /** Id of the first user of thread 0 (ids then step by threads × shards). */
  firstUserId?: number;
  /** This process's shard (default the whole run): it owns arrivals index, index+count… of the schedule, its threads split those. */
  shard?: { index: number; count: number };
}

/** After cancelling, how long to wait for journeys busy in non-HTTP work before reporting anyway. */
const CANCEL_GRACE_MS = 2_000;

/** Arrivals started in one go before the thread yields to its event loop (responses must get in too). */
const MOST_PER_BATCH = 256;

/**
 * @example
 * const arrivals = new ThreadArrivals({ classes, mix: [{ name: 'ShopUser', maxUsers: 50 }], slots, thread: 0, threads: 1, … });
 * arrivals.start([{ durationSeconds: 60, fromRate: 10, toRate: 10 }], Date.now());
 * await arrivals.stopAll();
 */
export class ThreadArrivals {
  readonly #options: ThreadArrivalsOptions;
  readonly #picker: ArrivalClasses;
  /** Idle users by class index, most recently used last. */
  readonly #idle: ArrivalUser[][];
  /** Users running a journey, with the journey's end. */
  readonly #busy = new Map<ArrivalUser, Promise<void>>();
  #segments: readonly RateSegment[] = [];
  /** `performance.now()` time of the run's start in this thread. */
  #origin = 0;
  /** The next arrival this thread owns. */
  #next: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** False once stopped or once the run's journey budget is spent. */
  #scheduling = true;
  #stopped = false;
  #created = 0;

  constructor(options: ThreadArrivalsOptions) {
    this.#options = options;
    // Every shard must agree on the class of arrival k: the weights are the run's shares.
    this.#picker = new ArrivalClasses(options.mix.map((entry) => entry.weight ?? entry.maxUsers));
    this.#idle = options.mix.map(() => []);
    this.#next = (options.shard?.index ?? 0) + this.#shards() * options.thread;
  }

  /**
   * Starts the arrivals of `segments`, timed from `startAt` (epoch ms, the same in every
   * thread); called again with the same start and the same shape so far, it changes the rate
   * from now on and the arrivals go on where they were.
   */
  start(segments: readonly RateSegment[], startAt: number): void {
    // Started again with an edited rate (same start, same past): one timer chain, not two.
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#segments = segments;
    // Threads have their own performance.now() origins; the epoch is what they share.
    this.#origin = startAt - performance.timeOrigin;
    this.#arriveDue();
  }

  /** Users running a journey in this thread. */
  get busy(): number {
    return this.#busy.size;
  }

  /**
   * Starts no more arrivals (those already due but not started count as dropped), gives the
   * running journeys `timeoutSeconds` to end, runs every user's `onStop`, then cancels what is
   * left; resolves when all have ended (or the cancel grace has passed).
   */
  async stopAll(
    timeoutSeconds = this.#options.stopTimeoutSeconds,
    endRequests: () => Promise<void> = () => this.#options.pools.destroy(),
  ): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    if (this.#scheduling) this.#dropDue();
    this.#scheduling = false;
    const ending: Promise<void>[] = [];
    for (const idle of this.#idle) for (const user of idle.splice(0)) ending.push(user.end());
    for (const [user, journey] of this.#busy) ending.push(journey.then(() => user.end()));
    const users = [...this.#busy.keys()];
    const allDone = Promise.all(ending);
    if (timeoutSeconds > 0) await raceTimeout(allDone, timeoutSeconds * 1000);
    for (const user of users) user.cancel();
    await endRequests();
    await raceTimeout(allDone, CANCEL_GRACE_MS);
  }

  /** Starts the arrivals due by now (a batch at most), then sleeps until the next one is due. */
  #arriveDue(): void {
    this.#timer = undefined;
    const step = this.#options.threads * this.#shards();
    const now = performance.now();
    for (let batch = 0; this.#scheduling; batch++) {
      const dueAt = this.#dueAt(this.#next);
      if (dueAt === undefined) return;
      if (dueAt > now || batch === MOST_PER_BATCH) {
        this.#timer = setTimeout(() => this.#arriveDue(), Math.max(0, dueAt - performance.now()));
        return;
      }
      this.#arrive(this.#next, dueAt);
      this.#next += step;
    }
  }

  #arrive(k: number, dueAt: number): void {
    const { slots, iterations, recorder } = this.#options;
    const index = this.#picker.classOf(k);
    const second = epochSecond(dueAt);
    if (!slots.tryTake(index)) {
      recorder.arrivalDropped(second);
      return;
    }
    if (iterations !== undefined && !iterations.take()) {
      // The run's journey budget is spent: this thread starts nothing more.
      slots.give(index);
      this.#scheduling = false;
      return;
    }
    const user = this.#idle[index].pop() ?? this.#newUser(index);
    const journey = user.run(dueAt, second).finally(() => {
      slots.give(index);
      this.#busy.delete(user);
      if (!this.#stopped && user.usable) this.#idle[index].push(user);
      iterations?.finished();
    });
    this.#busy.set(user, journey);
  }

  /** Arrivals due by now that this thread never started (it lagged, then was stopped): dropped. */
  #dropDue(): void {
    const now = performance.now();
    for (;;) {
      const dueAt = this.#dueAt(this.#next);
      if (dueAt === undefined || dueAt > now) return;
      this.#options.recorder.arrivalDropped(epochSecond(dueAt));
      this.#next += this.#options.threads * this.#shards();
    }
  }

  #shards(): number {
    return this.#options.shard?.count ?? 1;
  }

  #dueAt(k: number): number | undefined {
    const seconds = arrivalTime(this.#segments, k);
    return seconds === undefined ? undefined : this.#origin + seconds * 1000;
  }

  #newUser(index: number): ArrivalUser {
    const { classes, mix, host, seed, testData, pools, recorder, thread, threads } = this.#options;
    const runnable = classes.get(mix[index].name);
    if (runnable === undefined) throw new Error(`unknown user class ${mix[index].name}`);
    // Ids interleave over threads (and shards) so they stay unique in the run without asking anyone.
    const id = (this.#options.firstUserId ?? 0) + this.#shards() * (thread + threads * this.#created++);
    return new ArrivalUser({
      userClass: runnable.userClass,
      plan: runnable.plan,
      context: { host: host || runnable.userClass.host, id, seed: userSeed(seed, id), testData },
      pools,
      recorder,
    });
  }
}

/** The epoch second a `performance.now()` time falls in (arrival rows are per intended second). */
function epochSecond(performanceTime: number): number {
  return Math.floor((performance.timeOrigin + performanceTime) / 1000);
}

function raceTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
