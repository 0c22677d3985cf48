import { describe, expect, it } from 'vitest';
import { shapeDuration, usersAt } from './load-shape.ts';

describe('usersAt', () => {
  const plain = [{ durationSeconds: 60, users: 5, spawnRate: 1 }];

  it('ramps one batch at once, then one per interval (Locust dispatcher)', () => {
    expect(usersAt(plain, 0)).toEqual({ users: 1, stage: 0, done: false });
    expect(usersAt(plain, 2.5).users).toBe(3);
    expect(usersAt(plain, 4).users).toBe(5);
    expect(usersAt(plain, 59.9).users).toBe(5);
    expect(usersAt(plain, 60)).toEqual({ users: 5, stage: 0, done: true });
  });

  it('starts floor(rate) users per batch', () => {
    const fast = [{ durationSeconds: 10, users: 50, spawnRate: 50 }];
    expect(usersAt(fast, 0).users).toBe(50);
    const fractional = [{ durationSeconds: 10, users: 10, spawnRate: 2.5 }];
    expect(usersAt(fractional, 0).users).toBe(2);
    expect(usersAt(fractional, 0.8).users).toBe(4);
  });

  it('chains stages, ramping down as well as up', () => {
    const stages = [
      { durationSeconds: 2, users: 4, spawnRate: 100 },
      { durationSeconds: 2, users: 1, spawnRate: 1 },
      { durationSeconds: 1, users: 3, spawnRate: 0 },
    ];
    expect(usersAt(stages, 1).users).toBe(4);
    expect(usersAt(stages, 2)).toEqual({ users: 3, stage: 1, done: false });
    expect(usersAt(stages, 3.5).users).toBe(2);
    expect(usersAt(stages, 4.2)).toEqual({ users: 3, stage: 2, done: false });
    expect(usersAt(stages, 5)).toEqual({ users: 3, stage: 2, done: true });
    expect(shapeDuration(stages)).toBe(5);
  });

  it('never ends a stage without a time limit', () => {
    const endless = [{ durationSeconds: Number.POSITIVE_INFINITY, users: 2, spawnRate: 1 }];
    expect(usersAt(endless, 1e9)).toEqual({ users: 2, stage: 0, done: false });
  });
});
