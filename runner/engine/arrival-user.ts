/**
 * One user instance of the open model. Unlike the closed model's `UserLoop` it does not loop:
 * it runs one journey per arrival it is handed (thinking between its steps: the think time is
 * part of the journey), and in between waits idle (no `waitTime` after the journey) until the
 * next arrival of its class picks it. So what a user keeps — a customer account,
 * a cart — lives on across its journeys, as a k6 VU's state does across iterations.
 */

import type { UserClass, UserContext } from '../api/user.ts';
import { Client } from '../http/client.ts';
import type { ConnectionPools } from '../http/connection-pools.ts';
import { type JourneyPlan, pickJourney } from './journey-plan.ts';
import { recordThrown } from './record-error.ts';
import { type JourneyUser, type LoopRecorder, runJourney } from './run-journey.ts';
import { startUser, stopUser } from './user-life.ts';

/** What an open-model thread records besides requests and journeys (the thread's `StatsRecorder`). */
export interface ArrivalRecorder extends LoopRecorder {
  arrivalStarted(second: number, lagMs: number): void;
  arrivalDropped(second: number): void;
  userCreated(): void;
}

export interface ArrivalUserOptions {
  userClass: UserClass;
  plan: JourneyPlan;
  context: Omit<UserContext, 'client'>;
  pools: ConnectionPools;
  recorder: ArrivalRecorder;
}

/**
 * @example
 * const user = new ArrivalUser({ userClass, plan, context, pools, recorder });
 * await user.run(dueAt, second); // dueAt: performance.now() time the arrival was due
 * await user.end();
 */
export class ArrivalUser {
  readonly #options: ArrivalUserOptions;
  readonly #client: Client;
  #user: JourneyUser | undefined;
  #broken = false;

  constructor(options: ArrivalUserOptions) {
    this.#options = options;
    this.#client = new Client({
      host: options.context.host,
      recorder: options.recorder,
      pools: options.pools,
    });
    options.recorder.userCreated();
  }

  /** False once its `onStart` has failed: it runs nothing more. */
  get usable(): boolean {
    return !this.#broken && !this.#client.cancelled;
  }

  /**
   * Runs one journey for the arrival due at `dueAt` (`performance.now()` time) in epoch second
   * `second`: starts the user first if this is its first arrival. The start lag (due → actual
   * start, `onStart` included) is recorded, and the journey's duration counts from `dueAt`.
   */
  async run(dueAt: number, second: number): Promise<void> {
    const { recorder, userClass, plan } = this.#options;
    if (this.#user === undefined) {
      this.#user = await startUser(userClass, this.#options.context, this.#client, recorder);
      if (this.#user === undefined) {
        // The arrival never got a journey: it counts as dropped, the failure as an exception.
        this.#broken = true;
        recorder.arrivalDropped(second);
        return;
      }
    }
    const running = this.#user;
    try {
      const entry = pickJourney(plan, running.user.random());
      recorder.arrivalStarted(second, performance.now() - dueAt);
      running.think.restart();
      await runJourney(running, entry, dueAt);
    } catch (error) {
      recordThrown(error, userClass.name, recorder, this.#client.cancelled);
    }
  }

  /** Runs `onStop` (if the user ever started). */
  async end(): Promise<void> {
    if (this.#user !== undefined) await stopUser(this.#user, this.#options.userClass);
  }

  /** Drops requests in flight (and the journey under them, thinking or not) from the statistics. */
  cancel(): void {
    this.#client.cancel();
    this.#user?.think.cut();
  }
}
