import { describe, expect, it } from 'vitest';
import { loadLimits, loadProblem } from './load-limits.ts';

const GiB = 2 ** 30;

describe('loadLimits', () => {
  it('is the open-file limit less what the process keeps for itself, when files are scarcer than memory', () => {
    const limits = loadLimits({ openFiles: 20_000, memoryBytes: 24 * GiB });
    expect(limits.users).toBe(19_744);
    expect(limits.rate).toBe(19_744);
    expect(limits.why).toContain('may open 20000 files');
  });

  it('is memory at 256 KiB a user when memory is scarcer', () => {
    const limits = loadLimits({ openFiles: 1_048_576, memoryBytes: 2 * GiB });
    expect(limits.users).toBe(8192);
    expect(limits.why).toContain('2048 MiB of memory');
  });

  it('reads this process’s own limits by default', () => {
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
