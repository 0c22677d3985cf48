import { codeOf, ErrorCode } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import type { User } from './user.ts';
import type { WaitTime } from './wait.ts';

/** One step of a journey: an async method. Throwing (or a failed request) interrupts the journey. */
export type Step = () => unknown;

/** Thrown by `interrupt()`; the runner ends the journey without counting a failure. */
export class JourneyInterrupt extends Error {
  readonly code = ErrorCode.JOURNEY_INTERRUPTED;
}

/** Whether `error` is an `interrupt()` (matched by code, so another copy of the runner's counts too). */
export function isJourneyInterrupt(error: unknown): error is JourneyInterrupt {
  return codeOf(error) === ErrorCode.JOURNEY_INTERRUPTED;
}

/**
 * Think time between a journey's steps: `'user'` — the user's `waitTime` after each step,
 * as Locust's `SequentialTaskSet` waits after every task; a wait function of the journey's
 * own; or `'none'` — steps back to back (an API-contract journey that wants no pauses).
 */
export type StepWait = WaitTime | 'user' | 'none';

/** Gives a journey its own view of the user's client; set once, by the runner, before its first step. */
export let attachClient: (journey: Journey, client: HttpClient) => void;

/**
 * A sequence of steps run in order (Locust's `SequentialTaskSet`). A fresh instance runs
 * each time the journey is picked, so fields hold this run's state (ids captured from
 * responses); state shared between journeys lives on the user.
 *
 * Between its steps the user thinks, as in Locust: by default its `waitTime` after each
 * step (after the last one that is the wait before its next journey); `waitTime` on the
 * journey changes that (a function of its own, or `'none'`). The journey's duration
 * includes the think time between its steps; its active time (steps only) is reported too.
 *
 * A step that fails — a request whose expectation fails, or a thrown error — interrupts
 * the journey: the remaining steps are skipped, the failure is recorded once, and the
 * user starts a new journey after its wait. `interrupt()` ends it without a failure, and
 * the next journey starts at once (Locust's `interrupt()`, which reschedules immediately).
 *
 * @example
 * export class NewCustomer extends Journey<ShopUser> {
 *   customerId = '';
 *   steps = [this.register, this.upgradeTier];
 *   async register() {
 *     const res = await this.client.post('/customers', { json: {...}, name: 'POST /customers', expect: [201] });
 *     this.customerId = res.json.customer_id;
 *   }
 *   async upgradeTier() {
 *     await this.client.put(`/customers/${this.customerId}/tier`, { json: { new_tier: 'Gold' }, name: 'PUT /customers/{id}/tier' });
 *   }
 * }
 */
export abstract class Journey<U extends User = User, D = unknown> {
  /** Tags for `--tags` / `--exclude-tags`. */
  static tags: readonly string[] = [];
  /** Name in statistics and reports. Default: the class name. */
  static journeyName?: string;

  /** The steps, in order. */
  abstract steps: Step[];
  /** Think time after each step but the last; default `'user'`: the user's `waitTime`, as Locust. */
  waitTime: StepWait = 'user';

  readonly user: U;
  /** Named outcomes counted for this run of the journey (race outcomes). */
  readonly outcomes = new Map<string, number>();
  #client: HttpClient | undefined;

  static {
    attachClient = (journey, client) => {
      journey.#client = client;
    };
  }

  constructor(user: U) {
    this.user = user;
  }

  /** The journey's own view of the user's client: its requests count this journey's `outcomes`. */
  get client(): HttpClient {
    return this.#client ?? this.user.client;
  }

  /**
   * What this journey class's static `testStart` returned (shared by every user in every
   * thread), typed by the class's second type parameter: `class FlashSale extends Journey<ShopUser, Sale>`.
   */
  get testData(): D {
    return this.user.testDataOf(this.constructor as JourneyClass) as D;
  }

  /** Runs before the first step; a failure here interrupts the journey. */
  onStart?(): unknown;
  /** Runs after the last step or the interrupt, always. */
  onStop?(): unknown;

  /** Ends this journey now without counting a failure (Locust's `interrupt()`). */
  interrupt(reason = 'interrupted'): never {
    throw new JourneyInterrupt(reason);
  }

  /** Counts a named outcome for this journey (e.g. `won`, `conflict`, `insufficient-stock`). */
  outcome(name: string, count = 1): void {
    this.outcomes.set(name, (this.outcomes.get(name) ?? 0) + count);
  }
}

/** A journey class, as listed in a user's `journeys`. */
// biome-ignore lint/suspicious/noExplicitAny: any user type may be bound by the subclass
export type JourneyClass<U extends User = any> = (new (
  user: U,
) => Journey<U>) & {
  tags: readonly string[];
  journeyName?: string;
};

/** The display name of a journey class. */
export function journeyNameOf(journey: JourneyClass): string {
  return journey.journeyName ?? journey.name;
}
