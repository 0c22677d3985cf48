/**
 * The one step that prepares a run's users before anything starts: the user modules are
 * imported, the classes to run selected and checked once (known, journeys left after the
 * tag filters). The load pool takes the result and checks nothing again.
 */

import type { UserClassShare } from '../config/run-config.ts';
import { type CheckedUsers, checkUsers } from '../discovery/check-users.ts';
import { type DiscoveredUser, discoverUserClasses } from '../discovery/discover.ts';
import { type SelectedClasses, selectUserClasses } from '../load-model/select-classes.ts';

export interface PreflightInput {
  usersModules: readonly string[];
  /** Classes named on the command line (none: the profile's, else every class). */
  classNames: readonly string[];
  /** The profile's `user_classes`, if any. */
  userClasses?: Readonly<Record<string, UserClassShare>>;
  tags?: string[];
  excludeTags?: string[];
}

export interface Preflight {
  /** The classes the run starts and their shares. */
  selected: SelectedClasses;
  /** What `createLoadPool` takes as `users`. */
  checked: CheckedUsers;
}

/**
 * @throws RunnerError for a module that does not load, an unknown class, a class left without journeys.
 * @example const { selected, checked } = await preflight(config);
 */
export async function preflight(input: PreflightInput): Promise<Preflight> {
  const { users } = await discoverUserClasses([...input.usersModules]);
  return checkPreflight(users, input);
}

/**
 * The same check on classes already discovered: the web UI refuses a test with an unknown
 * class or tag when it is asked to start it, rather than answering success for a run that fails.
 * @example checkPreflight(discovered.users, { usersModules: ['users'], classNames: ['Nope'] }) // throws
 */
export function checkPreflight(users: readonly DiscoveredUser[], input: PreflightInput): Preflight {
  const selected = selectUserClasses(
    users,
    input.classNames,
    input.userClasses,
    input.usersModules.join(', '),
  );
  const modules = new Set(selected.users.map((user) => user.module));
  const checked = checkUsers(
    users.filter((user) => modules.has(user.module)),
    selected.mix.map((entry) => entry.name),
    { tags: input.tags, excludeTags: input.excludeTags },
  );
  return { selected, checked };
}
