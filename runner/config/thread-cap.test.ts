import { describe, expect, it } from 'vitest';
import { FlagError } from './errors.ts';
import { resolveRunConfig } from './run-config.ts';
import { threadCap, threadsProblem } from './thread-cap.ts';

describe('the thread cap', () => {
  it('is 4 per core, one line naming the field and the cap', () => {
    expect(threadCap(2)).toBe(8);
    expect(threadsProblem(8, 'threads', 8, 2)).toBeUndefined();
    expect(threadsProblem(100000, 'threads', 8, 2)).toBe(
      'threads: 100000 is more than the cap of 8 (4 per core, 2 core(s); each thread holds ~40 MB) — lower it, or lift the cap with --max-threads N',
    );
  });

  it('refuses threads: 100000 from a profile or --threads, and --max-threads lifts it', () => {
    const profile = { name: 'big', threads: 100000 };
    expect(() => resolveRunConfig(profile, {}, { cpuCount: 2, randomSeed: () => 1 })).toThrow(FlagError);
    expect(() => resolveRunConfig(profile, {}, { cpuCount: 2, randomSeed: () => 1 })).toThrow(
      /^profile big: threads: 100000 is more than the cap of 8/,
    );
    expect(() => resolveRunConfig(undefined, { threads: '9' }, { cpuCount: 2, randomSeed: () => 1 })).toThrow(
      /^--threads: 9 is more than the cap of 8/,
    );
    const lifted = resolveRunConfig(
      undefined,
      { threads: '9', maxThreads: '9' },
      { cpuCount: 2, randomSeed: () => 1 },
    );
    expect(lifted.threads).toBe(9);
  });

  it('carries a profile’s required_invariants', () => {
    const config = resolveRunConfig(
      { name: 'sale', required_invariants: ['no-oversell'] },
      {},
      { cpuCount: 2, randomSeed: () => 1 },
    );
    expect(config.requiredInvariants).toEqual(['no-oversell']);
  });
});
