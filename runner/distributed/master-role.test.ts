import { describe, expect, it } from 'vitest';
import { shareOfLoad } from './master-role.ts';

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
});
