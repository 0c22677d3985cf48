import { describe, expect, it } from 'vitest';
import { arrivalShares, userCapacity, userCountsFor } from './user-mix.ts';

const weighted = (name: string, weight: number) => ({ name, weight, fixedCount: 0 });
const fixed = (name: string, fixedCount: number) => ({ name, weight: 1, fixedCount });

describe('userCountsFor', () => {
  it('splits by weight, like Locust', () => {
    expect(userCountsFor(5, [weighted('A', 3), weighted('B', 1)])).toEqual({ A: 4, B: 1 });
    expect(userCountsFor(8, [weighted('A', 3), weighted('B', 1)])).toEqual({ A: 6, B: 2 });
    expect(userCountsFor(10, [weighted('A', 1), weighted('B', 1)])).toEqual({ A: 5, B: 5 });
  });

  it('fills fixed counts first, then shares the rest by weight', () => {
    expect(userCountsFor(1, [weighted('A', 1), fixed('Z', 2)])).toEqual({ A: 0, Z: 1 });
    expect(userCountsFor(6, [weighted('A', 1), weighted('B', 1), fixed('Z', 2)])).toEqual({
      A: 2,
      B: 2,
      Z: 2,
    });
  });

  it('never starts more users than fixed-count-only mixes hold', () => {
    const mix = [fixed('A', 2), fixed('B', 1)];
    expect(userCountsFor(10, mix)).toEqual({ A: 2, B: 1 });
    expect(userCapacity(mix)).toBe(3);
    expect(userCapacity([weighted('A', 1)])).toBe(Number.POSITIVE_INFINITY);
  });

  it('is deterministic whatever the order of the classes', () => {
    const a = userCountsFor(7, [weighted('B', 2), weighted('A', 5), weighted('C', 6)]);
    const b = userCountsFor(7, [weighted('C', 6), weighted('B', 2), weighted('A', 5)]);
    expect(a).toEqual(b);
    expect(a.A + a.B + a.C).toBe(7);
  });
});

describe('arrivalShares', () => {
  it('splits max_users as users are split, and refuses a class left with none', () => {
    expect(arrivalShares(10, [weighted('A', 3), weighted('B', 1)])).toEqual([
      { name: 'A', maxUsers: 8 },
      { name: 'B', maxUsers: 2 },
    ]);
    expect(arrivalShares(20, [weighted('A', 1), fixed('Z', 2)])).toEqual([
      { name: 'A', maxUsers: 18 },
      { name: 'Z', maxUsers: 2 },
    ]);
    expect(() => arrivalShares(2, [weighted('A', 1), fixed('Z', 2)])).toThrow(
      expect.objectContaining({ code: 'MAX_USERS_TOO_SMALL', message: 'max_users 2 leaves no user for A' }),
    );
  });
});
