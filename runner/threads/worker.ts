/**
 * The piscina worker module: one long task per thread. It imports the user modules itself
 * (classes cannot cross threads), runs its share of users as async loops, obeys the main
 * thread over the task's MessagePort, and sends a stats snapshot about once a second.
 */

import { discoverUserClasses } from '../discovery/discover.ts';
import { serveStrippedSources } from '../discovery/stripped-sources.ts';
import { planJourneys } from '../engine/journey-plan.ts';
import { markStepsInto } from '../engine/step-marker.ts';
import type { IterationBudget } from '../engine/user-loop.ts';
import { ConnectionPools, loadHttpClient } from '../http/connection-pools.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import { ArrivalSlots } from './arrival-slots.ts';
import {
  type FromWorker,
  ITERATIONS_FINISHED,
  ITERATIONS_TAKEN,
  type ToWorker,
  type WorkerTask,
} from './messages.ts';
import { ThreadArrivals } from './thread-arrivals.ts';
import { type RunnableClass, ThreadUsers } from './thread-users.ts';

const SNAPSHOT_INTERVAL_MS = 1_000;

export default async function runThread(task: WorkerTask): Promise<void> {
  const { port } = task;
  const send = (message: FromWorker) => port.postMessage(message);
  serveStrippedSources(task.strippedSources);
  const { users: discovered } = await discoverUserClasses(task.userModules);
  const classes = new Map<string, RunnableClass>();
  for (const user of discovered) {
    try {
      const plan = planJourneys(user.name, user.journeys, { tags: task.tags, excludeTags: task.excludeTags });
      classes.set(user.name, { userClass: user.userClass, plan });
    } catch {
      // The main thread refuses to start users of a class with no journeys left.
    }
  }
  markStepsInto(new Int32Array(task.steps, task.thread * 4, 1), (id, name) =>
    send({ type: 'step', id, name }),
  );
  // Processes that start together (shards, a master's workers) must not load undici under their first request.
  if (task.shard.count > 1) loadHttpClient();
  const recorder = new StatsRecorder({ maxNames: task.maxNames });
  // A promise a journey forgot to await is the user's bug, not the thread's end: it goes to the exceptions table.
  process.on('unhandledRejection', (reason) =>
    recorder.exception(reason, `thread ${task.thread}: unhandled rejection`),
  );
  const pools = new ConnectionPools({
    connections: task.connections,
    requestTimeoutMs: task.requestTimeoutMs,
    ...task.http,
  });
  const common = {
    classes,
    host: task.host,
    seed: task.seed,
    testData: task.testData,
    recorder,
    pools,
    stopTimeoutSeconds: task.stopTimeoutSeconds,
    iterations: task.iterations && iterationBudget(task.iterations, () => send({ type: 'iterations-done' })),
  };
  // Users that loop (placed by the main thread), and arrivals handed to idle users when the
  // run's load model sends any: which of them carry load is the model's business.
  const users = new ThreadUsers(common);
  const arrivals =
    task.arrivals &&
    new ThreadArrivals({
      ...common,
      mix: task.arrivals.mix,
      slots: new ArrivalSlots(
        task.arrivals.slots,
        task.arrivals.mix.map((entry) => entry.maxUsers),
      ),
      thread: task.thread,
      threads: task.threads,
      firstUserId: task.firstUserId,
      shard: task.shard,
    });
  const timer = setInterval(
    () => send({ type: 'snapshot', snapshot: recorder.takeSnapshot() }),
    SNAPSHOT_INTERVAL_MS,
  );
  send({ type: 'ready' });

  await new Promise<void>((resolve, reject) => {
    port.on('message', (message: ToWorker) => {
      if (message.type === 'users') {
        for (const [className, ids] of Object.entries(message.add)) users.add(className, ids);
        users.remove(message.remove);
      } else if (message.type === 'arrivals' && arrivals) {
        arrivals.start(message.segments, message.startAt);
      } else if (message.type === 'stop') {
        // Both kinds of user share the connection pools: they close once both have cancelled
        // theirs, so no request of a user still finishing its journey is cut off as a failure.
        const { timeoutSeconds } = message;
        const endRequests = afterCalls(arrivals ? 2 : 1, () => pools.destroy());
        Promise.all([
          arrivals?.stopAll(timeoutSeconds, endRequests),
          users.stopAll(timeoutSeconds, endRequests),
        ]).then(() => resolve(), reject);
      }
    });
  });
  clearInterval(timer);
  send({ type: 'final', snapshot: recorder.takeSnapshot() });
  await pools.destroy();
  recorder.close();
  port.close();
}

/** A function whose calls all resolve once it has been called `count` times, and `action` has run. */
function afterCalls(count: number, action: () => Promise<void>): () => Promise<void> {
  let calls = 0;
  const { promise, resolve } = Promise.withResolvers<void>();
  return () => {
    calls++;
    if (calls === count) action().then(resolve, resolve);
    return promise;
  };
}

/**
 * The run-wide budget as two shared counters: journeys taken (never more than the limit, so a
 * journey given back can be taken again) and journeys finished. A thread waits for a given-back
 * journey with one `Atomics.waitAsync` on the taken counter, whoever of its users asks.
 */
function iterationBudget(shared: NonNullable<WorkerTask['iterations']>, onDone: () => void): IterationBudget {
  const counters = new Int32Array(shared.counters);
  const { limit } = shared;
  let waiting: Promise<unknown> | undefined;
  return {
    take: () => {
      for (;;) {
        const taken = Atomics.load(counters, ITERATIONS_TAKEN);
        if (taken >= limit) return false;
        if (Atomics.compareExchange(counters, ITERATIONS_TAKEN, taken, taken + 1) === taken) return true;
      }
    },
    finished: () => {
      if (Atomics.add(counters, ITERATIONS_FINISHED, 1) + 1 === limit) onDone();
    },
    giveBack: () => {
      Atomics.sub(counters, ITERATIONS_TAKEN, 1);
      Atomics.notify(counters, ITERATIONS_TAKEN);
    },
    givenBack: () => {
      waiting ??= Promise.resolve(Atomics.waitAsync(counters, ITERATIONS_TAKEN, limit).value).finally(() => {
        waiting = undefined;
      });
      return waiting;
    },
  };
}
