/**
 * Which hook owners no user exercised: a user class that got no users (Locust gives a
 * class none when there are fewer users than classes), and a journey class whose every
 * user class got none. Their invariants checked nothing the run did, so they are never a
 * PASS (README, "Invariants").
 */
import type { DiscoveredUser } from '../discovery/discover.ts';
import type { HookOwner } from './run-hooks.ts';

/**
 * Owner name → why it is idle; empty when the users per class are not known (open model).
 * @example idleOwners(owners, users, { FlashSaleUser: 0, Shopper: 3 }) // Map { 'FlashSaleStampede' => 'no user ran FlashSaleStampede (FlashSaleUser got no users)' }
 */
export function idleOwners(
  owners: readonly HookOwner[],
  users: readonly DiscoveredUser[],
  usersSpawned: Readonly<Record<string, number>> | undefined,
): Map<string, string> {
  const idle = new Map<string, string>();
  if (usersSpawned === undefined) return idle;
  const unused = (user: DiscoveredUser) => (usersSpawned[user.name] ?? 0) === 0;
  for (const owner of owners) {
    const own = users.find((user) => user.name === owner.name);
    if (own) {
      if (unused(own)) idle.set(owner.name, `${owner.name} got no users`);
      continue;
    }
    const holders = users.filter((user) =>
      user.journeys.some((journey) => journey.kind === 'journey' && journey.target.name === owner.name),
    );
    if (holders.length > 0 && holders.every(unused)) {
      const names = holders.map((user) => user.name).join(', ');
      idle.set(owner.name, `no user ran ${owner.name} (${names} got no users)`);
    }
  }
  return idle;
}
