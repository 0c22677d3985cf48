import type { UserClass } from '../api/user.ts';
import type { JourneyPlan } from '../engine/journey-plan.ts';
import type { LoopRecorder } from '../engine/run-journey.ts';
import { type IterationBudget, UserLoop, userSeed } from '../engine/user-loop.ts';
import type { ConnectionPools } from '../http/connection-pools.ts';

export interface RunnableClass {
  userClass: UserClass;
  plan: JourneyPlan;
}

export interface ThreadUsersOptions {
  classes: ReadonlyMap<string, RunnableClass>;
  /** The run's target; empty = each class's static `host`. */
  host: string;
  seed: number;
  testData: Readonly<Record<string, unknown>>;
  recorder: LoopRecorder;
  pools: ConnectionPools;
  stopTimeoutSeconds: number;
  iterations?: IterationBudget;
}

/** After cancelling, how long to wait for journeys busy in non-HTTP work before reporting anyway. */
const CANCEL_GRACE_MS = 2_000;

/**
 * The users of one thread, by id. Stopping a user (ramp-down or end of run) lets it finish
 * its journey for `stopTimeoutSeconds`, then cancels it.
 *
 * @example
 * const users = new ThreadUsers({ classes, host, seed: 1, testData: {}, recorder, pools, stopTimeoutSeconds: 0 });
 * users.add('ShopUser', [0, 3, 6]);
 * await users.stopAll();
 */
export class ThreadUsers {
  readonly #options: ThreadUsersOptions;
  readonly #running = new Map<number, UserLoop>();
  readonly #forget = (id: number) => this.#running.delete(id);

  constructor(options: ThreadUsersOptions) {
    this.#options = options;
  }

  get count(): number {
    return this.#running.size;
  }

  add(className: string, ids: readonly number[]): void {
    const { classes, host, seed, testData, recorder, pools, iterations } = this.#options;
    const runnable = classes.get(className);
    if (runnable === undefined) throw new Error(`unknown user class ${className}`);
    for (const id of ids) {
      const loop = new UserLoop({
        userClass: runnable.userClass,
        context: { host: host || runnable.userClass.host, id, seed: userSeed(seed, id), testData },
        pools,
        recorder,
        plan: runnable.plan,
        iterations,
        onEnd: this.#forget,
      });
      this.#running.set(id, loop);
    }
  }

  remove(ids: readonly number[]): void {
    const loops: UserLoop[] = [];
    for (const id of ids) {
      const loop = this.#running.get(id);
      if (loop !== undefined) loops.push(loop);
    }
    this.#retire(loops);
  }

  /**
   * Stops every user (after `timeoutSeconds` to finish their journeys); resolves when they have all ended (or the cancel grace has passed).
   * The thread's pools are destroyed once the users are cancelled (`endRequests`), so requests in flight end now.
   */
  async stopAll(
    timeoutSeconds = this.#options.stopTimeoutSeconds,
    endRequests: () => Promise<void> = () => this.#options.pools.destroy(),
  ): Promise<void> {
    const loops = [...this.#running.values()];
    // Called even without users: a thread whose arrivals share the pools waits for this call.
    if (loops.length === 0) await endRequests();
    else await this.#retire(loops, timeoutSeconds, endRequests);
  }

  async #retire(
    loops: readonly UserLoop[],
    timeoutSeconds = this.#options.stopTimeoutSeconds,
    endRequests?: () => Promise<void>,
  ): Promise<void> {
    if (loops.length === 0) return;
    for (const loop of loops) loop.stop();
    const allDone = Promise.all(loops.map((loop) => loop.done));
    const timeoutMs = timeoutSeconds * 1000;
    if (timeoutMs > 0) await raceTimeout(allDone, timeoutMs);
    for (const loop of loops) loop.cancel();
    if (endRequests) await endRequests();
    await raceTimeout(allDone, CANCEL_GRACE_MS);
  }
}

function raceTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
