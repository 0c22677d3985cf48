/**
 * How many users of each class run for a given total, with Locust's dispatch semantics:
 * classes with a fixed count are filled first (round-robin among them), the rest is
 * shared by weight with a smooth weighted round-robin (nginx's), so any total — and every
 * step of a ramp — gets the same deterministic split Locust would give.
 */

import { RunnerError } from '../errors.ts';
import { type Shard, shareOf } from './shard.ts';

/** One user class in the mix: a weight, or a fixed count (which wins when both are set). */
export interface UserMixEntry {
  name: string;
  weight: number;
  fixedCount: number;
}

/**
 * Users per class when `total` users run.
 * @example userCountsFor(5, [{ name: 'A', weight: 3, fixedCount: 0 }, { name: 'B', weight: 1, fixedCount: 0 }]) // { A: 4, B: 1 }
 */
export function userCountsFor(
  total: number,
  mix: readonly UserMixEntry[],
  shard: Shard = WHOLE_RUN,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of mix) counts[entry.name] = 0;
  const next = userSequence(mix);
  // A shard's users are the run's users at positions index, index+count…: the shards' counts add up to the run's.
  for (let position = 0, mine = 0; mine < total; position++) {
    const name = next();
    if (name === undefined) break;
    if (position % shard.count !== shard.index) continue;
    counts[name]++;
    mine++;
  }
  return counts;
}

/** The most users the mix can hold (for this shard): the sum of fixed counts when no class is weighted, else unbounded. */
export function userCapacity(mix: readonly UserMixEntry[], shard: Shard = WHOLE_RUN): number {
  const weighted = mix.some((entry) => entry.fixedCount <= 0 && entry.weight > 0);
  return weighted
    ? Number.POSITIVE_INFINITY
    : shareOf(
        mix.reduce((sum, entry) => sum + Math.max(0, entry.fixedCount), 0),
        shard,
      );
}

const WHOLE_RUN: Shard = { index: 0, count: 1 };

/** The class of the 1st, 2nd, 3rd… user started; undefined once only fixed-count classes remain and are full. */
function userSequence(mix: readonly UserMixEntry[]): () => string | undefined {
  // Sorted by name as Locust's dispatcher does, so the order does not depend on module layout.
  const sorted = [...mix].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const fixed = sorted
    .filter((entry) => entry.fixedCount > 0)
    .map((entry) => ({ ...entry, left: entry.fixedCount }));
  const weighted = sorted.filter((entry) => entry.fixedCount <= 0 && entry.weight > 0);
  const nextWeighted = smoothWeightedRoundRobin(weighted);
  let fixedIndex = 0;
  return () => {
    for (let tried = 0; tried < fixed.length; tried++) {
      const entry = fixed[fixedIndex];
      fixedIndex = (fixedIndex + 1) % fixed.length;
      if (entry.left > 0) {
        entry.left--;
        return entry.name;
      }
    }
    return nextWeighted();
  };
}

function smoothWeightedRoundRobin(entries: readonly UserMixEntry[]): () => string | undefined {
  if (entries.length === 0) return () => undefined;
  // Locust normalises weights so the smallest is 2: 1.5/2/2.4 then spread as evenly as integers do.
  const smallest = Math.min(...entries.map((entry) => entry.weight));
  const items = entries.map((entry) => ({
    name: entry.name,
    weight: Math.max(1, Math.round((2 * entry.weight) / smallest)),
    current: 0,
  }));
  const totalWeight = items.reduce((sum, item) => sum + item.weight, 0);
  return () => {
    let best = items[0];
    for (const item of items) {
      item.current += item.weight;
      if (item.current > best.current) best = item;
    }
    best.current -= totalWeight;
    return best.name;
  };
}

/**
 * Open model: each class's share of `max_users` — split as the closed model splits users
 * (fixed counts first, the rest by weight) — which caps its users in flight and sets its
 * share of the arrivals.
 * @throws RunnerError `MAX_USERS_TOO_SMALL` when a class would get no user at all.
 * @example arrivalShares(10, [{ name: 'A', weight: 3, fixedCount: 0 }, { name: 'B', weight: 1, fixedCount: 0 }]) // [{ name: 'A', maxUsers: 8 }, { name: 'B', maxUsers: 2 }]
 */
export function arrivalShares(
  maxUsers: number,
  mix: readonly UserMixEntry[],
): { name: string; maxUsers: number }[] {
  const counts = userCountsFor(maxUsers, mix);
  const shares = mix.map((entry) => ({ name: entry.name, maxUsers: counts[entry.name] }));
  const empty = shares.filter((share) => share.maxUsers === 0).map((share) => share.name);
  if (empty.length > 0) {
    throw new RunnerError(`max_users ${maxUsers} leaves no user for ${empty.join(', ')}`, {
      code: 'MAX_USERS_TOO_SMALL',
      hint: 'raise max_users (--max-users): it is shared among the user classes as users are in the closed model',
    });
  }
  return shares;
}
