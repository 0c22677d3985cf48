import type { UserClass, UserContext } from '../api/user.ts';
import type { WaitContext } from '../api/wait.ts';
import { Client } from '../http/client.ts';
import type { ConnectionPools } from '../http/connection-pools.ts';
import { type JourneyPlan, pickJourney } from './journey-plan.ts';
import { type LoopRecorder, runJourney } from './run-journey.ts';
import { startUser, stopUser } from './user-life.ts';

/** A run-wide journey budget (`iterations`), shared by every user of every thread. */
export interface IterationBudget {
  /** Takes one journey from the budget; false when it is spent. */
  take(): boolean;
  /** A journey that took from the budget has ended. */
  finished(): void;
}

export interface UserLoopOptions {
  userClass: UserClass;
  context: Omit<UserContext, 'client'>;
  /** The thread's shared undici pools. */
  pools: ConnectionPools;
  recorder: LoopRecorder;
  /** The class's journeys after tag filtering (worked out once per class: `journeys` is read from the class, not each user). */
  plan: JourneyPlan;
  iterations?: IterationBudget;
}

/** After this many journeys in a row with no wait, the loop yields to the event loop so a synchronous task cannot starve it. */
const ZERO_WAITS_BEFORE_YIELD = 64;

/**
 * One running user: creates it, runs `onStart`, then picks a journey by weight, runs it,
 * waits `waitTime`, and again, until stopped; `onStop` at the end.
 *
 * @example
 * const loop = new UserLoop({ userClass, context, pools, recorder, plan });
 * loop.stop(); // finish the current journey
 * await loop.done;
 */
export class UserLoop {
  readonly id: number;
  /** Settles when the user has stopped (never rejects). */
  readonly done: Promise<void>;
  #stopping = false;
  readonly #client: Client;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: UserLoopOptions) {
    this.id = options.context.id;
    this.#client = new Client({
      host: options.context.host,
      recorder: options.recorder,
      pools: options.pools,
    });
    this.done = this.#run(options);
  }

  /** Stops after the current journey; a waiting user stops at once. */
  stop(): void {
    this.#stopping = true;
    this.#wakeUp();
  }

  /** Stops now: requests in flight are dropped, and so is the current journey, from the statistics. */
  cancel(): void {
    this.#stopping = true;
    this.#client.cancel();
    this.#wakeUp();
  }

  async #run(options: UserLoopOptions): Promise<void> {
    const { userClass, recorder, iterations } = options;
    const client = this.#client;
    const user = await startUser(userClass, options.context, client, recorder);
    if (user === undefined) return;
    try {
      const plan = options.plan;
      const waitContext: WaitContext = { lastJourneySeconds: 0, random: () => user.random() };
      let zeroWaits = 0;
      while (!this.#stopping) {
        if (iterations !== undefined && !iterations.take()) break;
        const entry = pickJourney(plan, user.random());
        let durationMs: number;
        try {
          durationMs = await runJourney(user, client, entry, recorder);
        } finally {
          iterations?.finished();
        }
        if (durationMs < 0 || this.#stopping) break;
        waitContext.lastJourneySeconds = durationMs / 1000;
        const seconds = user.waitTime(waitContext);
        if (seconds > 0) {
          zeroWaits = 0;
          await this.#sleep(seconds * 1000);
        } else if (++zeroWaits >= ZERO_WAITS_BEFORE_YIELD) {
          zeroWaits = 0;
          await new Promise(setImmediate);
        }
      }
    } catch (error) {
      if (!client.cancelled) recorder.exception(error, userClass.name);
    }
    await stopUser(user, userClass, client, recorder);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }

  #wakeUp(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}

/**
 * The seed of user `id`'s random source: the run's seed and the id mixed (splitmix32), so
 * neighbouring users do not get neighbouring streams and a run replays with `--seed`.
 * @example userSeed(42, 0) !== userSeed(42, 1)
 */
export function userSeed(runSeed: number, id: number): number {
  let z = (runSeed ^ Math.imul(id + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
