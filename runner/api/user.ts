import type { HttpClient } from '../http/client.ts';
import type { TestContext } from './hooks.ts';
import type { JourneyClass } from './journey.ts';
import { constant, type WaitTime } from './wait.ts';

/** A plain task: one function, run like a one-step journey named after the function. */
// biome-ignore lint/suspicious/noExplicitAny: any user type may be bound by the task
export type Task<U extends User = any> = (user: U) => unknown;

/** A journey or task with its relative weight. */
export type Weighted<T> = readonly [T, number];

/** What the runner hands each user when it creates it. */
export interface UserContext {
  client: HttpClient;
  host: string;
  /** Index of this user in the whole run (0-based, unique across threads and shards). */
  id: number;
  /** Seed of this user's random source, derived from the run's `--seed` and `id`. */
  seed: number;
  /** Results of the run's `testStart` hooks, by class name. */
  testData: Readonly<Record<string, unknown>>;
}

/**
 * A simulated user (Locust's `User`): picks its next journey by weight, runs it, waits,
 * and again, until the run stops it.
 *
 * Static fields shape the run: `weight` (share when several user classes are mixed),
 * `fixedCount` (exactly this many users, taken first), `host` (default target),
 * `isAbstract` (a base class that is never run itself).
 *
 * @example
 * export class IdentityUser extends User {
 *   journeys = [[NewCustomer, 5], [AccountLifecycle, 3], [TierProgression, 2]] as const;
 *   waitTime = between(0.5, 2);
 * }
 */
export class User {
  static weight = 1;
  static fixedCount = 0;
  static host = '';
  static isAbstract = false;

  /** Journeys (or plain tasks) and their weights. */
  journeys: readonly Weighted<JourneyClass | Task>[] = [];
  /** Wait between journeys. */
  waitTime: WaitTime = constant(0);
  /** Headers sent with every request of this user. */
  headers: Record<string, string> = {};

  readonly client: HttpClient;
  readonly host: string;
  readonly id: number;
  readonly seed: number;
  readonly #testData: Readonly<Record<string, unknown>>;
  #state: number;

  constructor(context: UserContext) {
    this.client = context.client;
    this.host = context.host;
    this.id = context.id;
    this.seed = context.seed;
    this.#testData = context.testData;
    this.#state = context.seed >>> 0;
  }

  /** Seeded random number in [0, 1) (mulberry32), reproducible with `--seed`. */
  random(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /**
   * What a class's static `testStart` returned in this run, typed as that hook returns it.
   * @example const { customerId } = this.user.testDataOf(CancelDuringPayment); // RaceCustomer
   */
  testDataOf<D = unknown>(owner: { name: string; testStart?(context: TestContext): D | Promise<D> }): D {
    return this.#testData[owner.name] as D;
  }

  /** Runs once when the user starts, before its first journey. */
  onStart?(): unknown;
  /** Runs once when the user stops. */
  onStop?(): unknown;
}

/** A user class, as found in a users module. */
export type UserClass = (new (
  context: UserContext,
) => User) & {
  weight: number;
  fixedCount: number;
  host: string;
  isAbstract: boolean;
  name: string;
};
