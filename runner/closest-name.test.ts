import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.ts';

describe('closestName', () => {
  it.each([
    ['spwan_rate', ['users', 'spawn_rate', 'stages'], 'spawn_rate'],
    ['fail_rate', ['fail_ratio', 'rps'], 'fail_ratio'],
    ['user', ['users', 'duration'], 'users'],
    ['Users', ['users'], 'users'],
    ['treads', ['threads', 'tags'], 'threads'],
    ['xyz', ['users', 'spawn_rate'], undefined],
    ['duration', [], undefined],
  ] as const)('%s among %j is %s', (name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });

  it('prefers the nearest of several close names', () => {
    expect(closestName('stage', ['stages', 'stage_x', 'tags'])).toBe('stages');
  });
});
