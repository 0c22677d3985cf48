/**
 * The run's clock in the main thread: ramps users along the load shape, closes one
 * statistics row per second, shows progress, watches itself and the abort thresholds,
 * and decides when the load stops.
 */
import type { LiveConsole } from '../console/live.ts';
import { checkAbort } from '../profile/threshold-evaluation.ts';
import type { Threshold } from '../profile/thresholds.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { LoadPool } from '../threads/pool.ts';
import { type Stage, shapeDuration, usersAt } from './load-shape.ts';
import type { SelfCheck } from './self-check.ts';
import { liveView } from './stats-view.ts';
import { type UserMixEntry, userCapacity, userCountsFor } from './user-mix.ts';

/** Why the load stopped. */
export type StopReason = 'duration' | 'iterations' | 'threshold' | 'SIGINT' | 'SIGTERM';

export interface DriveOptions {
  pool: LoadPool;
  stats: RunStats;
  stages: readonly Stage[];
  mix: readonly UserMixEntry[];
  live: LiveConsole;
  selfCheck: SelfCheck;
  thresholds: readonly Threshold[];
  /** false = never abort; else seconds into the run from which a failed threshold stops it. */
  abortOnThreshold: false | number;
  /** Milliseconds between spawn steps; default 100 (ramps are paced finer than the one-second stats tick). */
  spawnStepMs?: number;
}

export interface LoadDrive {
  /** Resolves when the load should stop, with the reason. Users are still running then. */
  stopped: Promise<StopReason>;
  /** Stops the clock early (a signal, the pool's iterations done). */
  stop(reason: StopReason): void;
  /** Closes the last statistics row, with the users running at the stop. */
  finalTick(): void;
}

/**
 * @example
 * const drive = driveLoad({ pool, stats, stages, mix, live, selfCheck, thresholds: [], abortOnThreshold: false });
 * const reason = await drive.stopped;
 */
export function driveLoad(options: DriveOptions): LoadDrive {
  const { pool, stats, stages, mix, live, selfCheck } = options;
  const startedAt = performance.now();
  const capacity = userCapacity(mix);
  const totalSeconds = shapeDuration(stages);
  const elapsed = () => (performance.now() - startedAt) / 1000;
  let applied = '';
  let targetUsers = 0;
  let usersAtStop: number | undefined;
  const { promise: stopped, resolve: resolveStopped } = Promise.withResolvers<StopReason>();

  const stop = (reason: StopReason) => {
    if (usersAtStop !== undefined) return;
    usersAtStop = pool.runningUsers();
    clearInterval(spawnTimer);
    clearInterval(tickTimer);
    resolveStopped(reason);
  };

  const spawnStep = () => {
    const point = usersAt(stages, elapsed());
    if (point.done) {
      stop('duration');
      return;
    }
    targetUsers = Math.min(stages[point.stage].users, capacity);
    const counts = userCountsFor(Math.min(point.users, capacity), mix);
    const key = JSON.stringify(counts);
    if (key !== applied) {
      applied = key;
      pool.setUsers(counts);
    }
  };

  const tick = () => {
    const seconds = elapsed();
    stats.tick(Date.now(), pool.runningUsers());
    const sample = selfCheck.sample();
    if (sample.warning) live.warn(sample.warning);
    live.update(
      liveView(stats, {
        elapsedSeconds: seconds,
        ...(Number.isFinite(totalSeconds) ? { durationSeconds: totalSeconds } : {}),
        users: pool.runningUsers(),
        targetUsers,
      }),
    );
    if (options.abortOnThreshold !== false && options.thresholds.length > 0) {
      const failed = checkAbort(options.thresholds, stats, seconds, options.abortOnThreshold);
      if (failed.length > 0) {
        live.warn(`threshold ${failed[0].expression} failed: stopping the run`);
        stop('threshold');
      }
    }
  };

  const spawnTimer = setInterval(spawnStep, options.spawnStepMs ?? 100);
  const tickTimer = setInterval(tick, 1000);
  spawnStep();

  return {
    stopped,
    stop,
    finalTick() {
      stats.tick(Date.now(), usersAtStop ?? pool.runningUsers());
    },
  };
}
