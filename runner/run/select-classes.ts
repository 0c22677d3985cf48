/**
 * Which user classes a run starts, and their shares, as Locust decides it: classes named
 * on the command line, else the profile's `user_classes`, else every class the users
 * module exports (each with its own static `weight` / `fixedCount`).
 */
import { RunnerError } from '../errors.ts';
import type { DiscoveredUser } from '../load/discover.ts';
import { closestName } from '../profile/closest-name.ts';
import type { UserClassShare } from '../profile/run-config.ts';
import type { UserMixEntry } from './user-mix.ts';

export interface SelectedClasses {
  users: DiscoveredUser[];
  mix: UserMixEntry[];
}

/**
 * @example selectUserClasses(discovered, ['FlashSaleUser'], undefined, 'users/')
 */
export function selectUserClasses(
  available: readonly DiscoveredUser[],
  classNames: readonly string[],
  profileShares: Readonly<Record<string, UserClassShare>> | undefined,
  where: string,
): SelectedClasses {
  const byName = new Map(available.map((user) => [user.name, user]));
  const find = (name: string, source: string) => {
    const found = byName.get(name);
    if (found) return found;
    const guess = closestName(name, [...byName.keys()]);
    throw new RunnerError(`unknown user class "${name}"${source}`, {
      code: 'USER_CLASS_UNKNOWN',
      where,
      hint: guess
        ? `did you mean ${guess}? (\`journeys list\` shows every class)`
        : '`journeys list` shows every class',
    });
  };

  let users: DiscoveredUser[];
  if (classNames.length > 0) users = classNames.map((name) => find(name, ''));
  else if (profileShares)
    users = Object.keys(profileShares).map((name) => find(name, " in the profile's user_classes"));
  else users = [...available];
  users = [...new Set(users)];
  if (users.length === 0) {
    throw new RunnerError('no user classes to run', {
      code: 'USER_CLASS_NONE',
      where,
      hint: 'export a class extending User from a users module, or point -f at one',
    });
  }
  const mix = users.map((user) => mixEntry(user, profileShares?.[user.name]));
  return { users, mix };
}

function mixEntry(user: DiscoveredUser, share: UserClassShare | undefined): UserMixEntry {
  const name = user.name;
  if (share === undefined) return { name, weight: user.weight, fixedCount: user.fixedCount };
  if (typeof share === 'number') return { name, weight: share, fixedCount: 0 };
  if ('count' in share) return { name, weight: 0, fixedCount: share.count };
  return { name, weight: share.weight, fixedCount: 0 };
}
