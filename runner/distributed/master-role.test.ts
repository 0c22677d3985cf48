import { describe, expect, it } from 'vitest';
import { type UserMixEntry, userCountsFor } from '../load-model/user-mix.ts';
import { shareOfLoad, spreadLoad } from './master-role.ts';

const threeToOne: UserMixEntry[] = [
  { name: 'A', weight: 3, fixedCount: 0 },
  { name: 'B', weight: 1, fixedCount: 0 },
];
/** Each class's users over all workers, as each worker counts its own from its share and positions. */
const classTotals = (shares: ReturnType<typeof spreadLoad>, mix: readonly UserMixEntry[]) => {
  const totals: Record<string, number> = {};
  for (const share of shares)
    for (const [name, count] of Object.entries(userCountsFor(share.users ?? 0, mix, share.positions)))
      totals[name] = (totals[name] ?? 0) + count;
  return totals;
};

describe('a change of load spread over the workers', () => {
  it('splits users by position (remainders to the first) and the spawn rate in proportion', () => {
    const shares = [0, 1, 2].map((place) => shareOfLoad({ users: 12, spawnRate: 6 }, place, 3));
    expect(shares).toEqual([
      { users: 4, spawnRate: 2 },
      { users: 4, spawnRate: 2 },
      { users: 4, spawnRate: 2 },
    ]);
    const uneven = [0, 1].map((place) => shareOfLoad({ users: 7, spawnRate: 7 }, place, 2));
    expect(uneven).toEqual([
      { users: 4, spawnRate: 4 },
      { users: 3, spawnRate: 3 },
    ]);
  });

  it('gives every worker the whole arrival rate: each sends every N-th arrival of the schedule', () => {
    expect(shareOfLoad({ arrivalRate: 9 }, 2, 3)).toEqual({ arrivalRate: 9 });
  });

  it('a spawn rate alone is split evenly; zero users keep the rate as asked', () => {
    expect(shareOfLoad({ spawnRate: 6 }, 0, 3)).toEqual({ spawnRate: 2 });
    expect(shareOfLoad({ users: 0, spawnRate: 5 }, 1, 2)).toEqual({ users: 0, spawnRate: 5 });
  });

  it('gives each worker its positions of the run’s users: weights 3:1, an Edit from 6 to 12 over 3 workers runs 9 A and 3 B', () => {
    const shares = spreadLoad({ users: 12, spawnRate: 6 }, 3);
    expect(shares).toEqual([
      { users: 4, spawnRate: 2, positions: { index: 0, count: 3 } },
      { users: 4, spawnRate: 2, positions: { index: 1, count: 3 } },
      { users: 4, spawnRate: 2, positions: { index: 2, count: 3 } },
    ]);
    expect(classTotals(shares, threeToOne)).toEqual({ A: 9, B: 3 });
    expect(userCountsFor(12, threeToOne)).toEqual({ A: 9, B: 3 });
  });

  it('keeps the class mix of one process over the workers left, where their old shard positions would not', () => {
    // 6 users of 3:1 over 3 workers, then one lost: one process would run 5 A and 1 B.
    expect(userCountsFor(6, threeToOne)).toEqual({ A: 5, B: 1 });
    expect(classTotals(spreadLoad({ users: 6, spawnRate: 6 }, 2), threeToOne)).toEqual({ A: 5, B: 1 });
    // The two left keeping their start positions (0/3 and 2/3), 3 users each, would run 4 A and 2 B.
    const kept = [0, 2].map((index) => userCountsFor(3, threeToOne, { index, count: 3 }));
    expect(kept.reduce((sum, counts) => sum + counts.A, 0)).toBe(4);
    // Any total, any number of workers, with a fixed-count class beside the weighted ones.
    const mixed: UserMixEntry[] = [...threeToOne, { name: 'C', weight: 1, fixedCount: 2 }];
    for (const mix of [threeToOne, mixed])
      for (let workers = 1; workers <= 5; workers++)
        for (let users = 0; users <= 23; users++)
          expect(classTotals(spreadLoad({ users }, workers), mix)).toEqual(userCountsFor(users, mix));
  });

  it('an arrival rate carries no positions: each worker keeps its shard of the schedule', () => {
    expect(spreadLoad({ arrivalRate: 9 }, 2)).toEqual([{ arrivalRate: 9 }, { arrivalRate: 9 }]);
  });
});
