import { type CheckedUsers, type CheckOptions, checkUsers } from '../discovery/check-users.ts';
import { discoverUserClasses } from '../discovery/discover.ts';

/**
 * The checked classes of a test's user module, as the run's pre-flight makes them: every
 * class it defines may start, unless `runnable` names some.
 * @example const users = await checkedUsers(LOOP_USERS, ['CountingUser']);
 */
export async function checkedUsers(
  module: string,
  runnable?: readonly string[],
  options: CheckOptions = {},
): Promise<CheckedUsers> {
  const { users } = await discoverUserClasses([module]);
  return checkUsers(users, runnable ?? users.map((user) => user.name), options);
}
