import { describe, expect, it } from 'vitest';
import { resolveRunConfig } from '../config/run-config.ts';
import { mergeTestRequest, readTestRequest } from './test-request.ts';

describe('a new test from the web form', () => {
  it('reads the fields the settings table gives the form, and refuses a bad one in one line', () => {
    expect(
      readTestRequest({ users: '5', spawnRate: 2, runTime: ' 30s ', tags: ['a', ' '], other: 1 }),
    ).toEqual({
      users: 5,
      spawnRate: 2,
      runTime: '30s',
      tags: ['a'],
    });
    expect(() => readTestRequest({ users: 'many' })).toThrow('users must be a number >= 0, got "many"');
    expect(() => readTestRequest({ host: 8000 })).toThrow('host must be text');
  });

  it("lays the form over the command line's flags: empty fields keep the flag, the load model is the form's", () => {
    const flags = { users: '2', spawnRate: '1', runTime: '1m', tags: ['checkout'], seed: '3' };
    const closed = resolveRunConfig(
      undefined,
      mergeTestRequest(flags, readTestRequest({ users: 7, runTime: '', tags: [] })),
    );
    expect(closed).toMatchObject({
      users: 7,
      spawnRate: 1,
      durationSeconds: 60,
      tags: ['checkout'],
      seed: 3,
    });
    const open = resolveRunConfig(undefined, mergeTestRequest(flags, { arrivalRate: 4, maxUsers: 12 }));
    expect(open.arrivals?.maxUsers).toBe(12);
    expect(open.spawnRate).toBe(0);
  });

  it('goes through the same checks as the flags', () => {
    expect(() => resolveRunConfig(undefined, mergeTestRequest({}, { users: 0 }))).toThrow(
      '--users: must be a positive integer, got "0"',
    );
  });
});
