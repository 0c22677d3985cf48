import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config/run-config.ts';
import { readRunId, readShard, type Shard, shardArrivalShares, shardRunConfig, shareOf } from './shard.ts';
import { userCountsFor } from './user-mix.ts';

const shards = (count: number): Shard[] => Array.from({ length: count }, (_, index) => ({ index, count }));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('readShard', () => {
  it('reads INDEX/COUNT, 0-based as JOB_COMPLETION_INDEX; the flag wins over JOURNEYS_SHARD', () => {
    expect(readShard('0/4', undefined)).toEqual({ index: 0, count: 4 });
    expect(readShard(undefined, '3/4')).toEqual({ index: 3, count: 4 });
    expect(readShard('1/2', '0/2')).toEqual({ index: 1, count: 2 });
    expect(readShard(undefined, undefined)).toBeUndefined();
    expect(readShard(undefined, '')).toBeUndefined();
  });

  it('refuses what is not a shard, in one line', () => {
    expect(() => readShard('4/4', undefined)).toThrow(/--shard: index 4 is out of range for 4 shard\(s\)/);
    expect(() => readShard('x/2', undefined)).toThrow(/--shard: must be INDEX\/COUNT.*got "x\/2"/);
    expect(() => readShard('1/0', undefined)).toThrow(/count must be at least 1/);
    expect(() => readShard(undefined, '-1/2')).toThrow(/^JOURNEYS_SHARD: must be/);
    expect(() => readRunId('../x')).toThrow(/JOURNEYS_RUN_ID: must be a plain folder name/);
    expect(readRunId('run-7')).toBe('run-7');
  });
});

describe('shares', () => {
  it('add up to the whole, remainders to the first shards', () => {
    expect(shards(2).map((shard) => shareOf(5, shard))).toEqual([3, 2]);
    expect(shards(4).map((shard) => shareOf(10, shard))).toEqual([3, 3, 2, 2]);
    for (const total of [0, 1, 7, 100])
      expect(sum(shards(3).map((shard) => shareOf(total, shard)))).toBe(total);
  });

  it('split users and spawn rate (every shard ramps as long as the run), and iterations', () => {
    const config = resolveRunConfig(undefined, { users: 5, spawnRate: 10, iterations: 11, runTime: '1m' });
    const parts = shards(2).map((shard) => shardRunConfig(config, shard));
    expect(parts.map((part) => [part.users, part.spawnRate, part.iterations])).toEqual([
      [3, 6, 6],
      [2, 4, 5],
    ]);
    expect(parts.map((part) => part.stages[0])).toEqual([
      { durationSeconds: 60, users: 3, spawnRate: 6 },
      { durationSeconds: 60, users: 2, spawnRate: 4 },
    ]);
    expect(() => shardRunConfig(config, { index: 5, count: 6 })).toThrow(
      /--users 5 cannot be split over 6 shards/,
    );
  });

  it('give each shard its users of the run’s class sequence, so the classes add up too', () => {
    const mix = [
      { name: 'A', weight: 3, fixedCount: 0 },
      { name: 'B', weight: 1, fixedCount: 0 },
      { name: 'Admin', weight: 1, fixedCount: 1 },
    ];
    const whole = userCountsFor(9, mix);
    const parts = shards(4).map((shard) => userCountsFor(shareOf(9, shard), mix, shard));
    for (const name of ['A', 'B', 'Admin']) expect(sum(parts.map((part) => part[name]))).toBe(whole[name]);
    expect(whole.Admin).toBe(1);
  });

  it('split the open model’s caps but keep the run’s weights', () => {
    const shares = [
      { name: 'A', maxUsers: 7 },
      { name: 'B', maxUsers: 2 },
    ];
    expect(shardArrivalShares(shares, { index: 1, count: 2 })).toEqual([
      { name: 'A', maxUsers: 3, weight: 7 },
      { name: 'B', maxUsers: 1, weight: 2 },
    ]);
    expect(() => shardArrivalShares(shares, { index: 2, count: 3 })).toThrow(/max_users share of B/);
  });
});
