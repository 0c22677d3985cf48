import { describe, expect, it } from 'vitest';
import { aggregateCacheFromEnv, createAggregateCache } from './aggregate-cache.ts';
import { jsonContains } from './containment.ts';
import { shouldSnapshot, snapshotEveryFromEnv } from './snapshots.ts';

describe('snapshot policy', () => {
  it('reads SNAPSHOT_EVERY (0 or unset = off) and fires when a multiple is crossed', () => {
    expect(snapshotEveryFromEnv({})).toBe(0);
    expect(snapshotEveryFromEnv({ SNAPSHOT_EVERY: '50' })).toBe(50);
    expect(() => snapshotEveryFromEnv({ SNAPSHOT_EVERY: '-1' })).toThrow(
      'SNAPSHOT_EVERY must be a whole number',
    );
    expect(shouldSnapshot(0, 1, 2)).toBe(false);
    expect(shouldSnapshot(10, 7, 8)).toBe(false);
    expect(shouldSnapshot(10, 8, 9)).toBe(true); // the 10th event
    expect(shouldSnapshot(10, 8, 12)).toBe(true);
    expect(shouldSnapshot(10, 9, 12)).toBe(false);
  });
});

describe('aggregate cache', () => {
  it('is off unless AGGREGATE_CACHE_SIZE > 0, evicts the least recently used, never goes back a version', () => {
    expect(aggregateCacheFromEnv({})).toBeUndefined();
    expect(aggregateCacheFromEnv({ AGGREGATE_CACHE_SIZE: '0' })).toBeUndefined();
    const cache = createAggregateCache(2);
    cache.set('a', { state: { n: 1 }, version: 1 });
    cache.set('b', { state: { n: 2 }, version: 1 });
    cache.get('a');
    cache.set('c', { state: { n: 3 }, version: 1 });
    expect(cache.get('b')).toBeUndefined();
    cache.set('a', { state: { n: 0 }, version: 0 });
    expect(cache.get('a')).toEqual({ state: { n: 1 }, version: 1 });
    cache.delete('a');
    expect(cache.size).toBe(1);
  });
});

describe('jsonContains (memory twin of jsonb @>)', () => {
  it('matches objects by keys, arrays by elements, scalars by value', () => {
    const doc = { status: 'Paid', tags: ['a', 'b'], customer: { id: 'c1', tier: 'Gold' } };
    expect(jsonContains(doc, {})).toBe(true);
    expect(jsonContains(doc, { status: 'Paid', customer: { id: 'c1' } })).toBe(true);
    expect(jsonContains(doc, { tags: ['b'] })).toBe(true);
    expect(jsonContains(doc, { tags: ['c'] })).toBe(false);
    expect(jsonContains(doc, { status: 'Created' })).toBe(false);
    expect(jsonContains(doc, { missing: null })).toBe(false);
  });
});
