/** The web UI's edit: the drive ramps from the users running now to the new target, and keeps the run's end. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { LiveConsole } from '../console/live.ts';
import type { RateSegment } from '../load-model/arrival-shape.ts';
import { closedStages } from '../load-model/closed-stages.ts';
import { openArrivals } from '../load-model/open-arrivals.ts';
import { RunStats } from '../stats/run-stats.ts';
import { startSelfCheck } from '../stats/self-check.ts';
import type { LoadPool } from '../threads/pool.ts';
import { driveLoad } from './drive-load.ts';

function recordingPool() {
  const targets: Record<string, number>[] = [];
  const schedules: RateSegment[][] = [];
  let running = 0;
  const pool: LoadPool = {
    setUsers(target) {
      targets.push({ ...target });
      running = Object.values(target).reduce((sum, n) => sum + n, 0);
    },
    startArrivals(segments) {
      schedules.push([...segments]);
    },
    runningUsers: () => running,
    stop: async () => {},
    close: async () => {},
  };
  return { pool, targets, schedules };
}

const common = () => ({
  stats: new RunStats({ startedAt: Date.now() }),
  mix: [{ name: 'A', weight: 1, fixedCount: 0 }],
  live: new LiveConsole(new PassThrough(), { tty: false }),
  selfCheck: startSelfCheck(),
  thresholds: [],
  abortOnThreshold: false as const,
  spawnStepMs: 10,
});

describe('retarget', () => {
  it('closed model: from 2 users to 5 at once, then back to 1; the run still ends by its duration', async () => {
    const { pool, targets } = recordingPool();
    const drive = driveLoad({
      pool,
      ...common(),
      model: closedStages({
        stages: [{ durationSeconds: 0.5, users: 2, spawnRate: 0 }],
        users: 2,
        spawnRate: 0,
        staged: false,
      }),
    });
    expect(targets).toEqual([{ A: 2 }]);
    drive.retarget({ users: 5, spawnRate: 0 });
    expect(targets.at(-1)).toEqual({ A: 5 });
    expect(drive.targetUsers()).toBe(5);
    drive.retarget({ users: 1 });
    expect(targets).toEqual([{ A: 2 }, { A: 5 }, { A: 1 }]);
    expect(drive.userCounts()).toEqual({ A: 1 });
    // The edit kept the run's end: the drive still stops by duration, not by itself or never.
    expect(await drive.stopped).toBe('duration');
  });

  it('open model: the shape so far is kept and the new rate runs for the rest', async () => {
    const { pool, schedules } = recordingPool();
    const drive = driveLoad({
      pool,
      ...common(),
      model: openArrivals({
        segments: [{ durationSeconds: 0.4, fromRate: 10, toRate: 10 }],
        maxUsers: 5,
        staged: false,
      }),
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    drive.retarget({ arrivalRate: 50 });
    expect(schedules).toHaveLength(2);
    const [kept, rest] = schedules[1];
    expect(kept.fromRate).toBe(10);
    expect(kept.toRate).toBe(10);
    expect(rest.fromRate).toBe(50);
    expect(rest.toRate).toBe(50);
    expect(kept.durationSeconds + rest.durationSeconds).toBeCloseTo(0.4, 9);
    drive.stop('web');
    expect(await drive.stopped).toBe('web');
  });

  it('a distributed worker moved to other positions of the run’s users counts its classes from them', async () => {
    const { pool, targets } = recordingPool();
    const drive = driveLoad({
      pool,
      ...common(),
      // Weights 3:1: the run's users are A A B A A A B A…
      mix: [
        { name: 'A', weight: 3, fixedCount: 0 },
        { name: 'B', weight: 1, fixedCount: 0 },
      ],
      shard: { index: 2, count: 3 },
      model: closedStages({
        stages: [{ durationSeconds: 0.5, users: 2, spawnRate: 0 }],
        users: 2,
        spawnRate: 0,
        staged: false,
      }),
    });
    // Positions 2 and 5 of 3 workers.
    expect(targets).toEqual([{ A: 1, B: 1 }]);
    // One worker lost: this one is now the second of two, positions 1, 3, 5.
    drive.moveShard({ index: 1, count: 2 });
    drive.retarget({ users: 3, spawnRate: 0 });
    expect(targets.at(-1)).toEqual({ A: 3, B: 0 });
    drive.stop('web');
    expect(await drive.stopped).toBe('web');
  });
});
