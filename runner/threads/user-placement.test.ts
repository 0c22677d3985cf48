import { describe, expect, it } from 'vitest';
import { UserPlacement } from './user-placement.ts';

describe('UserPlacement', () => {
  it('spreads each class evenly over the threads with ids unique in the run', () => {
    const placement = new UserPlacement(['A', 'B'], 3, 100);
    const changes = placement.moveTo({ A: 4, B: 2 });
    expect(changes).toEqual([
      { add: { A: [100, 103] }, remove: [] },
      { add: { A: [101], B: [104] }, remove: [] },
      { add: { A: [102], B: [105] }, remove: [] },
    ]);
    expect(placement.total()).toBe(6);
  });

  it('gives the same placement for the same targets, and stops the newest users first', () => {
    const steps = [{ A: 2 }, { A: 5 }, { A: 3 }];
    const run = () => {
      const placement = new UserPlacement(['A'], 2, 0);
      return steps.map((target) => placement.moveTo(target));
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first[2]).toEqual([
      { add: {}, remove: [4] },
      { add: {}, remove: [3] },
    ]);
  });

  it('places replacements on live threads after a thread died', () => {
    const placement = new UserPlacement(['A'], 2, 0);
    placement.moveTo({ A: 4 });
    placement.dropThread(0);
    expect(placement.total()).toBe(2);
    expect(placement.moveTo({ A: 4 })).toEqual([
      { add: {}, remove: [] },
      { add: { A: [4, 5] }, remove: [] },
    ]);
  });

  it('refuses unknown classes and bad counts', () => {
    const placement = new UserPlacement(['A'], 1, 0);
    expect(() => placement.moveTo({ B: 1 })).toThrow(expect.objectContaining({ code: 'USER_CLASS_UNKNOWN' }));
    expect(() => placement.moveTo({ A: -1 })).toThrow(
      expect.objectContaining({ code: 'USER_COUNT_INVALID' }),
    );
  });
});
