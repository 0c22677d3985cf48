/**
 * Which user classes a run starts, and their shares, as Locust decides it: classes named
 * on the command line, else the profile's `user_classes`, else every class the users
 * module exports (each with its own static `weight` / `fixedCount`).
 */

import { closestName } from '../closest-name.ts';
import type { UserClassShare } from '../config/run-config.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import { RunnerError } from '../errors.ts';
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
  // Every unknown name at once, one line each, so a run is not retried once per typo.
  const find = (names: readonly string[], source: string): DiscoveredUser[] => {
    const unknown = names.filter((name) => !byName.has(name));
    if (unknown.length === 0) return names.map((name) => byName.get(name)!);
    const hints = unknown.map((name) => {
      const guess = closestName(name, [...byName.keys()]);
      return guess
        ? `did you mean ${guess}? (\`journeys list\` shows every class)`
        : '`journeys list` shows every class';
    });
    throw new RunnerError(`unknown user class "${unknown[0]}"${source}`, {
      code: 'USER_CLASS_UNKNOWN',
      where,
      hint: hints[0],
      problems: unknown.map((name, i) => `unknown user class "${name}"${source} (${where}) — ${hints[i]}`),
    });
  };

  let users: DiscoveredUser[];
  if (classNames.length > 0) users = find(classNames, '');
  else if (profileShares) users = find(Object.keys(profileShares), " in the profile's user_classes");
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
