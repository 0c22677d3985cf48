/**
 * Run-level hooks (Locust's `events.test_start` / `test_stop`): static `testStart`,
 * `testStop` and `invariants` of the selected user classes and of their journey classes,
 * each called once per run in the main thread.
 */

import type { Invariant, RunHooks, TestContext } from '../api/hooks.ts';
import type { JourneyClass } from '../api/journey.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import { RunnerError } from '../errors.ts';
import { oneLine } from '../http/failure-text.ts';

/** A class that may define run hooks, under the name its `testData` is keyed by. */
export interface HookOwner {
  name: string;
  hooks: RunHooks;
}

/** The user classes, then their journey classes, each once, in a stable order. */
export function hookOwners(users: readonly DiscoveredUser[]): HookOwner[] {
  const owners = new Map<string, HookOwner>();
  for (const user of users) owners.set(user.name, { name: user.name, hooks: user.userClass as RunHooks });
  for (const user of users) {
    for (const journey of user.journeys) {
      // Keyed by class name, as `testDataOf(cls)` reads it in the workers.
      const journeyClass = journey.target as JourneyClass;
      if (journey.kind === 'journey' && !owners.has(journeyClass.name)) {
        owners.set(journeyClass.name, { name: journeyClass.name, hooks: journeyClass as RunHooks });
      }
    }
  }
  return [...owners.values()];
}

/** Seconds a hook gets unless the run says otherwise (`hook_timeout`). */
const DEFAULT_TIMEOUT_SECONDS = 60;

/** A hook that has not settled in its time: it is left behind (it may go on), never awaited again. */
class HookTimeout extends Error {
  constructor(seconds: number) {
    super(`did not settle within ${seconds} s (hook_timeout)`);
  }
}

/**
 * `run()`'s result, or a `HookTimeout` after `seconds`. The timer keeps the process alive, so
 * a hook awaiting a promise that never settles ends here rather than in Node's exit 13.
 */
function within<T>(seconds: number, run: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HookTimeout(seconds)), seconds * 1000);
  });
  return Promise.race([Promise.resolve().then(run), late]).finally(() => clearTimeout(timer));
}

/**
 * Calls every `testStart`; what each returns becomes `testData[className]` in every worker.
 * One that throws or does not settle within `timeoutSeconds` ends the run before any load.
 */
export async function runTestStart(
  owners: readonly HookOwner[],
  context: TestContext,
  timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
) {
  const testData: Record<string, unknown> = {};
  for (const owner of owners) {
    if (!owner.hooks.testStart) continue;
    const data = await call(owner, 'testStart', () =>
      within(timeoutSeconds, () => owner.hooks.testStart!(context)),
    );
    try {
      structuredClone(data);
    } catch (error) {
      throw hookError(owner, 'testStart', `returned data that cannot cross threads (${String(error)})`);
    }
    testData[owner.name] = data;
  }
  return testData;
}

/**
 * The end of a run: every `testStop`, then every `invariants`. A hook that throws does
 * not lose the run (its statistics and files): it becomes a failing invariant named
 * after the hook, carrying its error in one line, and the other hooks still run. The
 * invariants of an owner in `idle` (whose journeys no user ran) are not exercised,
 * whatever they say, with the reason beside their own detail.
 * @example const invariants = await runEndHooks(owners, context, testData); // [{ name: 'Racer.testStop', pass: false, detail: 'hook failed: …' }, …]
 */
export async function runEndHooks(
  owners: readonly HookOwner[],
  context: TestContext,
  testData: Record<string, unknown>,
  idle: ReadonlyMap<string, string> = new Map(),
  timeoutSeconds = DEFAULT_TIMEOUT_SECONDS,
): Promise<Invariant[]> {
  const results: Invariant[] = [];
  const recorded = async <T>(owner: HookOwner, hook: string, run: () => T | Promise<T>) => {
    try {
      return await within(timeoutSeconds, run);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({
        name: `${owner.name}.${hook}`,
        pass: false,
        detail:
          error instanceof HookTimeout
            ? `hook ${message}`
            : `hook failed: ${oneLine(message, Number.POSITIVE_INFINITY)}`,
      });
      return undefined;
    }
  };
  for (const owner of owners) {
    if (owner.hooks.testStop)
      await recorded(owner, 'testStop', () => owner.hooks.testStop!(context, testData[owner.name]));
  }
  for (const owner of owners) {
    if (!owner.hooks.invariants) continue;
    const invariants = await recorded(owner, 'invariants', () =>
      owner.hooks.invariants!(context, testData[owner.name]),
    );
    const why = idle.get(owner.name);
    for (const invariant of Array.isArray(invariants) ? invariants : []) {
      results.push(
        why === undefined
          ? invariant
          : { ...invariant, exercised: false, detail: `${why}; ${invariant.detail}` },
      );
    }
  }
  return results;
}

/** `invariant no-oversell: PASS (reserved 10 of 10, available 0)` */
export function invariantLine(invariant: Invariant): string {
  const outcome = invariant.exercised === false ? 'NOT EXERCISED' : invariant.pass ? 'PASS' : 'FAIL';
  return `invariant ${invariant.name}: ${outcome} (${invariant.detail})`;
}

async function call<T>(owner: HookOwner, hook: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HookTimeout) throw hookError(owner, hook, error.message, undefined, 'HOOK_TIMEOUT');
    throw hookError(owner, hook, `failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function hookError(
  owner: HookOwner,
  hook: string,
  problem: string,
  cause?: unknown,
  code: 'HOOK_FAILED' | 'HOOK_TIMEOUT' = 'HOOK_FAILED',
): RunnerError {
  return new RunnerError(`${owner.name}.${hook} ${problem}`, {
    code,
    where: `static ${hook} of ${owner.name}`,
    hint:
      code === 'HOOK_TIMEOUT'
        ? 'make the hook end (await what it starts, give its requests a timeoutMs), or raise hook_timeout (--hook-timeout)'
        : 'fix the hook, or check that the target is the service it expects',
    exitCode: 1,
    cause,
  });
}
