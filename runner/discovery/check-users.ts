/**
 * The check a run's user classes pass once, before any thread starts: each class the run
 * will start is known, has journeys left after the tag filters and (when asked) a host.
 * The load pool takes the result and checks nothing again.
 */
import { planJourneys, type TagFilter } from '../engine/journey-plan.ts';
import { RunnerError } from '../errors.ts';
import type { DiscoveredUser } from './discover.ts';

/** User classes found and checked once; what `createLoadPool` takes. */
export interface CheckedUsers {
  /** Absolute paths of the modules that define the classes (each worker imports them itself). */
  readonly modules: readonly string[];
  /** Every class those modules define, by name: where a thread places users. */
  readonly found: readonly string[];
  /** The classes this run may start, each checked. */
  readonly runnable: readonly string[];
  readonly tags?: readonly string[];
  readonly excludeTags?: readonly string[];
}

export interface CheckOptions extends TagFilter {
  /** The run's target; when given and empty, every class to start needs a static `host`. */
  host?: string;
}

/**
 * @throws RunnerError `USER_CLASS_UNKNOWN`, `USER_NO_JOURNEYS` or `HOST_MISSING` for the first class that fails.
 * @example const checked = checkUsers(discovered.users, ['ShopUser'], { tags: ['race'] });
 */
export function checkUsers(
  found: readonly DiscoveredUser[],
  start: readonly string[],
  options: CheckOptions = {},
): CheckedUsers {
  const names = found.map((user) => user.name);
  for (const name of start) {
    const user = found.find((candidate) => candidate.name === name);
    if (user === undefined) {
      throw new RunnerError(`unknown user class ${name}`, {
        code: 'USER_CLASS_UNKNOWN',
        hint: `known: ${names.join(', ') || 'none'}`,
      });
    }
    planJourneys(user.name, user.journeys, options);
    if (options.host === '' && !user.host) {
      throw new RunnerError(`no host for user class ${user.name}`, {
        code: 'HOST_MISSING',
        where: user.name,
        hint: 'pass --host, set `host` in the profile, or give the class a static host',
      });
    }
  }
  return {
    modules: [...new Set(found.map((user) => user.module))],
    found: names,
    runnable: [...start],
    ...(options.tags ? { tags: [...options.tags] } : {}),
    ...(options.excludeTags ? { excludeTags: [...options.excludeTags] } : {}),
  };
}
