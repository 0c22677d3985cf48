import type { UserClass, UserContext } from '../api/user.ts';
import { Client } from '../http/client.ts';
import type { ConnectionPools } from '../http/connection-pools.ts';
import { type JourneyPlan, pickJourney } from './journey-plan.ts';
import { recordThrown } from './record-error.ts';
import { type JourneyEnd, type JourneyUser, type LoopRecorder, runJourney } from './run-journey.ts';
import { startUser, stopUser } from './user-life.ts';

/**
 * A run-wide journey budget (`iterations`), shared by every user of every thread: the run ends
 * once N journeys have ended recorded (docs/decisions.md, "What `-i N` counts").
 */
export interface IterationBudget {
  /** Takes one journey from the budget; false while all N are taken (running or ended). */
  take(): boolean;
  /** A journey that took from the budget has ended, recorded; the N-th ends the run. */
  finished(): void;
  /** A journey that took from the budget was cut (its user retired under it): it goes back, for another user. */
  giveBack(): void;
  /** Settles when a journey may have been given back (users that found the budget taken wait on it). */
  givenBack(): Promise<unknown>;
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
  /** Called with the user's id once it has stopped (one function for every user: no closure per user). */
  onEnd?: (id: number) => void;
}

/**
 * One running user: creates it, runs `onStart`, then picks a journey by weight, runs it
 * (thinking between its steps), waits `waitTime`, and again, until stopped; `onStop` at the
 * end. A journey ended by `interrupt()` is followed by the next at once, as in Locust.
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
  #running: JourneyUser | undefined;
  /** Whether the user is in its wait after a journey (which a stop cuts short). */
  #betweenJourneys = false;
  /** Settles at `stop()` or `cancel()`: ends a wait for the budget. */
  readonly #stopped = Promise.withResolvers<void>();

  constructor(options: UserLoopOptions) {
    this.id = options.context.id;
    this.#client = new Client({
      host: options.context.host,
      recorder: options.recorder,
      pools: options.pools,
    });
    this.done = this.#run(options);
  }

  /**
   * Stops after the current journey (its think time between steps included); a user waiting
   * between journeys stops at once.
   */
  stop(): void {
    this.#stopping = true;
    this.#stopped.resolve();
    if (this.#betweenJourneys) this.#running?.think.cut();
  }

  /**
   * Stops now, thinking or not: requests in flight are dropped, and so is the current
   * journey, from the statistics.
   */
  cancel(): void {
    this.#stopping = true;
    this.#stopped.resolve();
    this.#client.cancel();
    this.#running?.think.cut();
  }

  async #run(options: UserLoopOptions): Promise<void> {
    const { userClass, recorder, iterations } = options;
    const client = this.#client;
    const running = await startUser(userClass, options.context, client, recorder);
    if (running === undefined) {
      options.onEnd?.(this.id);
      return;
    }
    this.#running = running;
    if (client.cancelled) running.think.cut();
    const { user, think } = running;
    try {
      const plan = options.plan;
      while (!this.#stopping) {
        if (iterations !== undefined && !iterations.take()) {
          // All N journeys are taken; one comes back if a retired user's journey is cut. The
          // user stays until then or until the run's stop (which the N-th journey brings).
          await Promise.race([iterations.givenBack(), this.#stopped.promise]);
          continue;
        }
        const entry = pickJourney(plan, user.random());
        let end: JourneyEnd = 'cut';
        try {
          end = await runJourney(running, entry);
        } finally {
          if (end === 'cut') iterations?.giveBack();
          else iterations?.finished();
        }
        if (end === 'cut' || this.#stopping) break;
        if (end === 'interrupted') {
          await think.skip();
          continue;
        }
        this.#betweenJourneys = true;
        const wait = think.wait(user.waitTime);
        const waited = typeof wait === 'number' ? wait : await wait;
        this.#betweenJourneys = false;
        if (waited < 0) break;
      }
    } catch (error) {
      recordThrown(error, userClass.name, recorder, client.cancelled);
    }
    await stopUser(running, userClass);
    options.onEnd?.(this.id);
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
