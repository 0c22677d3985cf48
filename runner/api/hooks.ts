import type { HttpClient } from '../http/client.ts';

/** What run-level hooks receive. They run once per run, in the main thread. */
export interface TestContext {
  /** Base URL of the target, e.g. `http://127.0.0.1:8000`. */
  host: string;
  /** A client for set-up and checks; its requests are not part of the run's statistics. */
  client: HttpClient;
  seed: number;
  profile: string;
}

/** The result of one invariant check after a run, printed as `invariant <name>: PASS (<detail>)`. */
export interface Invariant {
  name: string;
  pass: boolean;
  detail: string;
  /**
   * `false` when nothing in the run exercised what it checks (no flash sale ran): printed
   * `NOT EXERCISED (<detail>)` instead of PASS and counted apart; `pass` is then ignored.
   * Leave it out (or `true`) for a real check. A profile's `required_invariants` fails the
   * run when one of them is not exercised.
   * @example { name: 'no-oversell', pass: true, exercised: false, detail: 'no flash sale ran' }
   */
  exercised?: boolean;
}

/**
 * Run-level hooks a User or Journey class may define as static methods
 * (Locust's `events.test_start` / `events.test_stop`).
 *
 * - `testStart(ctx)` runs before any user starts. What it returns must be
 *   structured-cloneable: it is sent to every worker thread and read there as `this.testData`.
 * - `testStop(ctx, data)` runs after the last user stopped.
 * - `invariants(ctx, data)` runs after `testStop`; failed invariants make the run exit 1.
 */
export interface RunHooks {
  testStart?(context: TestContext): unknown | Promise<unknown>;
  testStop?(context: TestContext, data: unknown): void | Promise<void>;
  invariants?(context: TestContext, data: unknown): Invariant[] | Promise<Invariant[]>;
}
