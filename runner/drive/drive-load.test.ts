import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LiveConsole } from '../console/live.ts';
import { closedStages } from '../load-model/closed-stages.ts';
import { openArrivals } from '../load-model/open-arrivals.ts';
import { RunStats } from '../stats/run-stats.ts';
import { startSelfCheck } from '../stats/self-check.ts';
import type { LoadPool } from '../threads/pool.ts';
import { driveLoad } from './drive-load.ts';

/** A pool that only remembers what it was asked to run. */
function recordingPool() {
  const targets: Record<string, number>[] = [];
  let running = 0;
  const pool: LoadPool = {
    setUsers(target) {
      targets.push({ ...target });
      running = Object.values(target).reduce((sum, n) => sum + n, 0);
    },
    runningUsers: () => running,
    stop: async () => {},
    close: async () => {},
  };
  return { pool, targets };
}

function drive(stages: { durationSeconds: number; users: number; spawnRate: number }[]) {
  const { pool, targets } = recordingPool();
  const run = driveLoad({
    pool,
    stats: new RunStats({ startedAt: Date.now() }),
    model: closedStages({ stages, users: 0, spawnRate: 0, staged: true }),
    mix: [
      { name: 'A', weight: 2, fixedCount: 0 },
      { name: 'B', weight: 1, fixedCount: 0 },
    ],
    live: new LiveConsole(new PassThrough(), { tty: false }),
    selfCheck: startSelfCheck(),
    thresholds: [],
    abortOnThreshold: false,
    spawnStepMs: 10,
  });
  return { run, targets };
}

describe('driveLoad', () => {
  it('ramps users one step at a time along the mix, then stops when the shape ends', async () => {
    const { run, targets } = drive([{ durationSeconds: 0.3, users: 3, spawnRate: 100 }]);
    expect(await run.stopped).toBe('duration');
    expect(targets).toEqual([{ A: 2, B: 1 }]);
  });

  it('walks the stages, up and down, applying each change once', async () => {
    const { run, targets } = drive([
      { durationSeconds: 0.6, users: 2, spawnRate: 0 },
      { durationSeconds: 0.6, users: 3, spawnRate: 0 },
      { durationSeconds: 0.6, users: 1, spawnRate: 0 },
    ]);
    expect(await run.stopped).toBe('duration');
    expect(targets).toEqual([
      { A: 1, B: 1 },
      { A: 2, B: 1 },
      { A: 1, B: 0 },
    ]);
  });

  it('stops early for a signal, keeping the first reason', async () => {
    const { run } = drive([{ durationSeconds: Number.POSITIVE_INFINITY, users: 1, spawnRate: 1 }]);
    run.stop('SIGINT');
    run.stop('iterations');
    expect(await run.stopped).toBe('SIGINT');
  });

  it('open model: hands the whole schedule to the pool once, with a common start, and ends with it', async () => {
    const { pool } = recordingPool();
    const started: { segments: unknown; startAt: number }[] = [];
    pool.startArrivals = (segments, startAt = 0) => started.push({ segments, startAt });
    const segments = [{ durationSeconds: 0.3, fromRate: 0, toRate: 10 }];
    const sentAt = Date.now();
    const run = driveLoad({
      pool,
      stats: new RunStats({ startedAt: Date.now() }),
      model: openArrivals({ segments, maxUsers: 10, staged: false }),
      mix: [{ name: 'A', weight: 1, fixedCount: 0 }],
      live: new LiveConsole(new PassThrough(), { tty: false }),
      selfCheck: startSelfCheck(),
      thresholds: [],
      abortOnThreshold: false,
      spawnStepMs: 10,
    });
    expect(started).toHaveLength(1);
    expect(started[0].segments).toEqual(segments);
    // The first arrival is due a little later, so every thread has the schedule by then.
    expect(started[0].startAt - sentAt).toBeGreaterThanOrEqual(90);
    expect(await run.stopped).toBe('duration');
    // (Date.now() and the performance clock may differ by a millisecond.)
    expect(Date.now()).toBeGreaterThanOrEqual(started[0].startAt + 290);
  });
});
