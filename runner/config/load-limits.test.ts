import { describe, expect, it } from 'vitest';
import { FlagError } from './errors.ts';
import { loadLimits, loadProblem } from './load-limits.ts';
import { resolveRunConfig } from './run-config.ts';

const GiB = 2 ** 30;

describe('loadLimits', () => {
  it('is memory at 16 KiB a user: a million users on 16 GiB, and the message says so', () => {
    const limits = loadLimits(16 * GiB);
    expect(limits.users).toBe(1_048_576);
    expect(limits.rate).toBe(1_048_576);
    expect(limits.why).toBe('this machine has 16384 MiB of memory and a user may take 16 KiB');
  });

  it('reads this machine’s memory by default', () => {
    expect(loadLimits().users).toBeGreaterThan(0);
  });
});

describe('loadProblem', () => {
  const limits = { users: 1000, rate: 1000, why: 'because' };
  it('names the field as the caller wrote it, and the way out', () => {
    expect(loadProblem({ users: 1e12 }, { users: 'user_count' }, limits)).toBe(
      'user_count: 1000000000000 is more than the 1000 users one runner process can hold (because) — lower it, or split the load with --shard i/N across processes or machines',
    );
    expect(loadProblem({ users: 10, spawnRate: 5000 }, {}, limits)).toMatch(
      /^spawnRate: 5000 is more than the 1000 users a second/,
    );
    expect(loadProblem({ arrivalRate: 1001 }, {}, limits)).toMatch(
      /^arrivalRate: 1001 is more than the 1000 journeys a second/,
    );
  });

  it('lets the limit itself through', () => {
    expect(
      loadProblem({ users: 1000, spawnRate: 1000, maxUsers: 1000, arrivalRate: 1000 }, {}, limits),
    ).toBeUndefined();
  });
});

describe('resolveRunConfig and the load limits', () => {
  const own = loadLimits();
  it('refuses -u and -r beyond what one process can hold, naming the flag', () => {
    expect(() => resolveRunConfig(undefined, { users: 1e12 })).toThrow(
      new RegExp(`^--users: 1000000000000 is more than the ${own.users} users one runner process can hold`),
    );
    expect(() => resolveRunConfig(undefined, { users: 1, spawnRate: 1e12 })).toThrow(
      /^--spawn-rate: 1000000000000 is more/,
    );
    expect(() => resolveRunConfig(undefined, { arrivalRate: 1e12 })).toThrow(
      /^--arrival-rate: 1000000000000 is more/,
    );
  });

  it('applies to one shard’s share under --shard i/N', () => {
    const users = own.users * 3;
    expect(() => resolveRunConfig(undefined, { users })).toThrow(FlagError);
    expect(resolveRunConfig(undefined, { users }, { shardCount: 4 }).users).toBe(users);
  });
});
