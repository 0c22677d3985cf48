/**
 * The load pool: up to N piscina worker threads, each running its share of the users as async
 * loops, controlled over a MessagePort and streaming stats snapshots back. A thread starts
 * when the first user is placed on it.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { CheckedUsers } from '../discovery/check-users.ts';
import { strippedSources } from '../discovery/stripped-sources.ts';
import { RunnerError } from '../errors.ts';
import type { HttpSettings } from '../http/http-settings.ts';
import type { RateSegment } from '../load-model/arrival-shape.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import { ArrivalSlots, arrivalSlotsBuffer } from './arrival-slots.ts';
import type { FromWorker, ToWorker, WorkerTask } from './messages.ts';
import { UserPlacement, unknownUserClass } from './user-placement.ts';

export interface LoadPoolOptions {
  threads: number;
  /**
   * The user classes, found and checked once before the run (`checkUsers`): the pool checks
   * nothing again; each worker imports `users.modules` itself.
   */
  users: CheckedUsers;
  /** The target; empty = each user class's static `host`. */
  host: string;
  seed: number;
  /** Results of testStart hooks by class name (structured-cloneable). */
  testData: Record<string, unknown>;
  /** At stop, users get this long to finish their current journey, then are cancelled; requests cut off are dropped from stats. */
  stopTimeoutSeconds: number;
  /** Stop after this many journeys in total (whole run). */
  iterations?: number;
  /** Id of the first user; default 0. */
  firstUserId?: number;
  /**
   * `--shard i/N`: user ids interleave over the shards (i, i+N, i+2N… after `firstUserId`) so
   * they, and the seeds made from them, never collide; in the open model this pool takes the
   * schedule's arrivals i, i+N, i+2N… only. Default: the whole run.
   */
  shard?: { index: number; count: number };
  /** Most connections per origin per thread; default unlimited (one per user with a request in flight). */
  connections?: number | null;
  /** Response body limit, redirects, TLS of every request (runner/http/http-settings.ts); default their defaults. */
  http?: HttpSettings;
  /** Distinct statistics rows each thread keeps before its overflow row (runner/stats/name-limit.ts). */
  maxNames?: number;
  /** A request with no response for this long fails (`--request-timeout`); default 60 000. */
  requestTimeoutMs?: number;
  /**
   * For a load model that sends arrivals: the classes that take them, each with its share of
   * `max_users` (the most of its users in flight at once, over all threads); its share of
   * arrivals is the same, unless `weight` says otherwise (a shard: its cap is its part, the
   * weight the run's share). Then `startArrivals` can start them, beside `setUsers`.
   */
  arrivals?: readonly { name: string; maxUsers: number; weight?: number }[];
  /** Each worker sends one about every second, and a final one at stop. */
  onSnapshot(snapshot: StatsSnapshot, thread: number): void;
  /** A crashed worker is reported, never silently lost. */
  onWorkerError(error: Error, thread: number): void;
  /**
   * A worker that had not stopped `timeoutSeconds` + {@link STOP_GRACE_MS} after the stop (a
   * step that never yields): it is terminated, its snapshots so far kept. `step`: the journey
   * step it started last (`Checkout.pay`), if any.
   */
  onWorkerTerminated?(thread: number, step: string | undefined): void;
  onIterationsDone?(): void;
}

export interface LoadPool {
  /** Target number of running users per user class for the whole run (classes left out: 0); spread evenly over the threads. */
  setUsers(target: Readonly<Record<string, number>>): void;
  /**
   * Open model: starts the arrivals of `segments`, timed from `startAt` (epoch ms; default now).
   * Each thread takes every N-th arrival and times it from that common start.
   */
  startArrivals?(segments: readonly RateSegment[], startAt?: number): void;
  /** Users running (set by `setUsers`) plus users running an arrival's journey. */
  runningUsers(): number;
  /**
   * Stops every user — after `timeoutSeconds` (default stopTimeoutSeconds) to finish their
   * journeys — and resolves once every thread's final snapshot has been delivered.
   */
  stop(options?: { timeoutSeconds?: number }): Promise<void>;
  close(): Promise<void>;
}

/**
 * The worker module beside this one: `worker.ts` in the repository, `worker.js` in the
 * published package. From the sources, the threads resolve `journeys-runner` to the
 * sources too (the `journeys-source` export condition, docs/decisions.md).
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(FROM_SOURCES ? './worker.ts' : './worker.js', import.meta.url).href;
const WORKER_EXEC_ARGV = FROM_SOURCES ? [...process.execArgv, '--conditions=journeys-source'] : undefined;

/** How long after a worker's task has ended stop() still waits for its final snapshot. */
const FINAL_SNAPSHOT_GRACE_MS = 5_000;

/**
 * Past the stop timeout, how long a thread gets to cancel its users and send its final
 * snapshot (its own grace for non-HTTP work is 2 s) before the main thread terminates it.
 */
export const STOP_GRACE_MS = 5_000;

/**
 * Starts the first worker thread (all of them for an open model's arrivals or a shard) and
 * resolves once it has imported the user modules (or crashed, reported); users start with the
 * first `setUsers`, and the other threads with the first user placed on each.
 *
 * @example
 * const pool = await createLoadPool({ threads: 2, userModules, host, seed: 1, testData: {}, stopTimeoutSeconds: 0,
 *   onSnapshot: (s) => stats.merge(s), onWorkerError: (e, t) => console.error(t, e.message) });
 * pool.setUsers({ ShopUser: 10 });
 * await pool.stop();
 * await pool.close();
 */
export async function createLoadPool(options: LoadPoolOptions): Promise<LoadPool> {
  const threads = options.threads;
  if (!(Number.isInteger(threads) && threads >= 1)) {
    throw new RunnerError(`threads must be a whole number >= 1, not ${threads}`, { code: 'THREADS_INVALID' });
  }
  const { iterations } = options;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 1)) {
    throw new RunnerError(`iterations must be a whole number >= 1, not ${iterations}`, {
      code: 'ITERATIONS_INVALID',
    });
  }
  const { users } = options;
  for (const { name } of options.arrivals ?? []) {
    if (!users.runnable.includes(name)) throw unknownUserClass(name, users.runnable);
  }
  const shard = options.shard ?? { index: 0, count: 1 };
  const firstUserId = (options.firstUserId ?? 0) + shard.index;
  const placement = new UserPlacement([...users.found], threads, firstUserId, shard.count);
  // A thread costs an isolate and the worker's modules (docs/performance.md): one that no user
  // is placed on is never started. Every thread takes its share of an open model's arrivals,
  // and the processes of a sharded run start their load together: those start all at once.
  const startAll = options.arrivals !== undefined || shard.count > 1;
  const piscina = new Piscina({
    filename: WORKER_FILE,
    execArgv: WORKER_EXEC_ARGV,
    minThreads: startAll ? threads : 1,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    // The one task per worker runs for the whole load; no thread may park in Atomics.wait.
    atomics: 'disabled',
  });
  piscina.on('error', (error: Error) => {
    if (!closing) options.onWorkerError(error, -1);
  });

  const counters = iterations === undefined ? undefined : new SharedArrayBuffer(8);
  const arrivalMix = options.arrivals?.map((entry) => ({ ...entry }));
  const slotsBuffer = arrivalMix && arrivalSlotsBuffer(arrivalMix.length);
  const slots = slotsBuffer && new ArrivalSlots(slotsBuffer);
  const ports: Array<MessagePort | undefined> = new Array(threads).fill(undefined);
  const live: boolean[] = new Array(threads).fill(true);
  const finished: boolean[] = new Array(threads).fill(false);
  const finals: Array<() => void> = [];
  const finalsDone: Promise<void>[] = [];
  // One Int32 per thread: the id of the step it started last; names by id, as announced.
  const stepBuffer = new SharedArrayBuffer(4 * threads);
  const stepIds = new Int32Array(stepBuffer);
  const stepNames: Map<number, string>[] = [];
  let iterationsReported = false;
  let closing = false;
  for (let thread = 0; thread < threads; thread++) {
    stepNames.push(new Map());
    finalsDone.push(
      new Promise<void>((resolve) =>
        finals.push(() => {
          finished[thread] = true;
          resolve();
        }),
      ),
    );
  }

  /** Starts a thread's task; resolves once its worker has imported the user modules (or crashed). */
  const startThread = (thread: number): Promise<void> => {
    const { port1, port2 } = new MessageChannel();
    ports[thread] = port1;
    const { promise: ready, resolve: readied } = Promise.withResolvers<void>();
    port1.on('message', (message: FromWorker) => {
      if (message.type === 'snapshot') options.onSnapshot(message.snapshot, thread);
      else if (message.type === 'ready') readied();
      else if (message.type === 'step') stepNames[thread].set(message.id, message.name);
      else if (message.type === 'final') {
        options.onSnapshot(message.snapshot, thread);
        finals[thread]();
      } else if (message.type === 'iterations-done' && !iterationsReported) {
        iterationsReported = true;
        options.onIterationsDone?.();
      }
    });
    const task: WorkerTask = {
      port: port2,
      thread,
      threads,
      firstUserId,
      shard,
      userModules: [...users.modules],
      strippedSources: strippedSources(),
      host: options.host,
      seed: options.seed,
      testData: options.testData,
      tags: users.tags && [...users.tags],
      excludeTags: users.excludeTags && [...users.excludeTags],
      stopTimeoutSeconds: options.stopTimeoutSeconds,
      iterations: counters && { limit: iterations!, counters },
      connections: options.connections,
      ...(options.http ? { http: options.http } : {}),
      ...(options.maxNames ? { maxNames: options.maxNames } : {}),
      requestTimeoutMs: options.requestTimeoutMs,
      steps: stepBuffer,
      ...(arrivalMix && slotsBuffer ? { arrivals: { mix: arrivalMix, slots: slotsBuffer } } : {}),
    };
    piscina.run(task, { transferList: [port2] }).then(
      // The task posts its final snapshot before it returns, but on another channel: stop()
      // waits for that message, and only gives up on it if it never comes.
      () => setTimeout(finals[thread], FINAL_SNAPSHOT_GRACE_MS).unref(),
      (error: unknown) => {
        live[thread] = false;
        placement.dropThread(thread);
        readied();
        finals[thread]();
        if (!closing)
          options.onWorkerError(error instanceof Error ? error : new Error(String(error)), thread);
      },
    );
    return ready;
  };

  // Users placed on the first threads from now on start at once: the ramp's clock is not
  // eaten by module loading. A thread started later queues its users' messages until it is up.
  await Promise.all(Array.from({ length: startAll ? threads : 1 }, (_, thread) => startThread(thread)));

  const post = (thread: number, message: ToWorker) => {
    if (!live[thread]) return;
    if (ports[thread] === undefined) startThread(thread);
    ports[thread]!.postMessage(message);
  };
  let stopping: Promise<void> | undefined;
  let destroyed: Promise<void> | undefined;

  return {
    setUsers(target) {
      for (const [name, count] of Object.entries(target)) {
        if (count > 0 && !users.runnable.includes(name)) throw unknownUserClass(name, users.runnable);
      }
      const changes = placement.moveTo(target);
      changes.forEach((change, thread) => {
        if (change.remove.length > 0 || Object.keys(change.add).length > 0)
          post(thread, { type: 'users', ...change });
      });
    },
    startArrivals(segments, startAt = Date.now()) {
      if (slots === undefined) throw new Error('startArrivals needs the open model (options.arrivals)');
      for (let thread = 0; thread < threads; thread++)
        post(thread, { type: 'arrivals', segments: [...segments], startAt });
    },
    // Users looping (set by setUsers) plus users busy with an arrival: a load shape may run both in turn.
    runningUsers: () => placement.total() + (slots?.inFlight() ?? 0),
    stop({ timeoutSeconds = options.stopTimeoutSeconds } = {}) {
      stopping ??= (async () => {
        for (let thread = 0; thread < threads; thread++) {
          // A thread never started has no users and no statistics: nothing to wait for.
          if (ports[thread] === undefined) finals[thread]();
          else post(thread, { type: 'stop', timeoutSeconds });
        }
        // The main thread owns the clock: a thread stuck in a step that never yields cannot hold the run.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), timeoutSeconds * 1000 + STOP_GRACE_MS);
        });
        const outcome = await Promise.race([Promise.all(finalsDone), late]);
        clearTimeout(timer);
        if (outcome !== 'late') return;
        closing = true;
        for (let thread = 0; thread < threads; thread++) {
          if (finished[thread]) continue;
          live[thread] = false;
          options.onWorkerTerminated?.(thread, stepNames[thread].get(Atomics.load(stepIds, thread)));
          finals[thread]();
        }
        // Terminates every thread, stuck ones included (V8 interrupts even a busy loop).
        for (const port of ports) port?.close();
        destroyed ??= piscina.destroy();
        await destroyed;
      })();
      return stopping;
    },
    async close() {
      closing = true;
      for (const port of ports) port?.close();
      destroyed ??= piscina.destroy();
      await destroyed;
    },
  };
}
