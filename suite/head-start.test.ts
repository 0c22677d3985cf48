import { describe, expect, it } from 'vitest';
import { headStart, raceWith } from './head-start.ts';

/** The same mulberry32 stream a user's `random()` gives, from a fixed seed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('headStart', () => {
  it('gives either side the lead about half the time, within the bound', () => {
    const random = seeded(20261202);
    const starts = Array.from({ length: 1000 }, () => headStart(random, 250));
    const firstA = starts.filter((start) => start.first === 0).length;
    expect(firstA).toBeGreaterThan(450);
    expect(firstA).toBeLessThan(550);
    expect(starts.every((start) => start.leadMs >= 0 && start.leadMs < 250)).toBe(true);
  });

  it('is the same for the same seed', () => {
    expect(headStart(seeded(7), 100)).toEqual(headStart(seeded(7), 100));
  });
});

describe('raceWith', () => {
  it('starts the leader first and the other after the lead, answers in argument order', async () => {
    const order: string[] = [];
    const send = (name: string) => async () => {
      order.push(name);
      return name;
    };
    expect(await raceWith({ first: 1, leadMs: 20 }, send('a'), send('b'))).toEqual(['a', 'b']);
    expect(order).toEqual(['b', 'a']);
  });

  it('waits for both before it reports a failure', async () => {
    let bDone = false;
    const failing = async () => {
      throw new Error('a failed');
    };
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      bDone = true;
      return 'b';
    };
    await expect(raceWith({ first: 0, leadMs: 0 }, failing, slow)).rejects.toThrow('a failed');
    expect(bDone).toBe(true);
  });
});
