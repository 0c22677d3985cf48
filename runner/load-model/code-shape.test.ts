import { describe, expect, it } from 'vitest';
import { LoadShape, type ShapeRun, type ShapeTick } from '../api/load-shape.ts';
import type { RateSegment } from './arrival-shape.ts';
import { codeShape } from './code-shape.ts';
import type { LoadSink } from './load-model.ts';

/** A sink that remembers what the model asked for, in order. */
function recordingSink() {
  const calls: ({ users: number; target: number } | { segments: readonly RateSegment[] })[] = [];
  const sink: LoadSink = {
    setUsers: (users, target) => calls.push({ users, target }),
    setArrivals: (segments) => calls.push({ segments }),
    note: () => {},
  };
  return { sink, calls };
}

const run = (elapsedSeconds: number, users = 0): ShapeRun => ({
  elapsedSeconds,
  users,
  stats: { rps: 0, failRatio: 0, p50: 0, p95: 0, p99: 0 },
});

/** 4 users at once, then 5 journeys/s from 1 s, then users again from 2 s, the end at 3 s. */
class Switcher extends LoadShape {
  asked: number[] = [];
  tick(run: ShapeRun): ShapeTick {
    this.asked.push(run.elapsedSeconds);
    if (run.elapsedSeconds >= 3) return null;
    if (run.elapsedSeconds >= 2) return { users: 2, spawnRate: 0 };
    if (run.elapsedSeconds >= 1) return { arrivalRate: 5 };
    return { users: 4, spawnRate: 0 };
  }
}

describe('codeShape', () => {
  it('asks the shape once a second and follows users, a rate, users again, then the end', () => {
    const shape = new Switcher();
    const model = codeShape({ name: 'Switcher', shape, maxUsers: 10 });
    const { sink, calls } = recordingSink();
    for (const t of [0, 0.1, 0.5, 1, 1.5, 2, 2.5, 3]) if (!model.done(t)) model.tick(run(t), sink);
    expect(shape.asked).toEqual([0, 1, 2, 3]);
    expect(model.done(3)).toBe(true);
    expect(calls).toEqual([
      { users: 4, target: 4 },
      { users: 4, target: 4 },
      { users: 4, target: 4 },
      // At 1 s: the users wound down, the arrivals start (no arrivals before, none until 1 s).
      { users: 0, target: 0 },
      {
        segments: [
          { durationSeconds: 1, fromRate: 0, toRate: 0 },
          { durationSeconds: Number.POSITIVE_INFINITY, fromRate: 5, toRate: 5 },
        ],
      },
      // At 2 s: the arrivals end there, users again.
      {
        segments: [
          { durationSeconds: 1, fromRate: 0, toRate: 0 },
          { durationSeconds: 1, fromRate: 5, toRate: 5 },
          { durationSeconds: 0, fromRate: 0, toRate: 0 },
        ],
      },
      { users: 2, target: 2 },
      { users: 2, target: 2 },
    ]);
  });

  it('ramps at the spawn rate from the level it stood at, and a shard runs its share', () => {
    class Ramp extends LoadShape {
      tick(): ShapeTick {
        return { users: 10, spawnRate: 2 };
      }
    }
    const whole = recordingSink();
    const model = codeShape({ name: 'Ramp', shape: new Ramp(), maxUsers: 10 });
    for (const t of [0, 0.5, 1, 4.5]) model.tick(run(t), whole.sink);
    // Batches of 2 at 0 s, 1 s, 2 s…: the same answer each second keeps the ramp's pace.
    expect(whole.calls).toEqual([
      { users: 2, target: 10 },
      { users: 2, target: 10 },
      { users: 4, target: 10 },
      { users: 10, target: 10 },
    ]);
    const shard = recordingSink();
    const half = codeShape({ name: 'Ramp', shape: new Ramp(), maxUsers: 10, shard: { index: 1, count: 2 } });
    half.tick(run(0), shard.sink);
    expect(shard.calls).toEqual([{ users: 1, target: 5 }]);
  });

  it('names the shape and what it answered when the answer is nonsense', () => {
    class Negative extends LoadShape {
      tick(): ShapeTick {
        return { arrivalRate: -1 };
      }
    }
    const model = codeShape({ name: 'Negative', shape: new Negative(), maxUsers: 1 });
    expect(() => model.tick(run(0), recordingSink().sink)).toThrow(
      'Negative.tick returned {"arrivalRate":-1}',
    );
  });
});
