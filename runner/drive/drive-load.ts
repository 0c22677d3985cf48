/**
 * The run's clock in the main thread: ramps users along the load shape (closed model) or
 * starts the arrivals and ends them with the shape (open model), closes one statistics row
 * per second, shows progress, watches itself and the abort thresholds, and decides when the
 * load stops.
 */

import type { LiveConsole } from '../console/live.ts';
import { SpawnReport } from '../console/spawn-report.ts';
import { liveView } from '../console/stats-view.ts';
import { arrivalShapeDuration, type RateSegment, rateAt } from '../load-model/arrival-shape.ts';
import { type Stage, shapeDuration, usersAt } from '../load-model/load-shape.ts';
import type { Shard } from '../load-model/shard.ts';
import { type UserMixEntry, userCapacity, userCountsFor } from '../load-model/user-mix.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { SelfCheck } from '../stats/self-check.ts';
import type { LoadPool } from '../threads/pool.ts';
import { checkAbort } from '../thresholds/evaluate.ts';
import type { Threshold } from '../thresholds/parse.ts';

/** Why the load stopped (`web`: Stop in the web UI or Locust's `GET /stop`). */
export type StopReason = 'duration' | 'iterations' | 'threshold' | 'web' | 'SIGINT' | 'SIGTERM';

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
  /**
   * Open model: the arrival rate over time and max_users. The threads get the whole shape at
   * once and time each arrival from the common start themselves (a message per rate change
   * would arrive late and jittery); this clock ends the run with the shape.
   */
  arrivals?: { segments: readonly RateSegment[]; maxUsers: number };
  /** Closed model: this process runs one shard's users (`stages` already hold its share). */
  shard?: Shard;
}

/** Seconds between two live warnings about dropped arrivals (the count in between is summed). */
const DROPPED_WARNING_EVERY_SECONDS = 10;

/**
 * Open model: the first arrival is due this long after the schedule is sent, so every thread
 * has it (and has run its timer once) before then — else the first arrivals' start lag would
 * be the message's trip and a cold thread, not anything of the target's.
 */
const ARRIVALS_HEAD_START_MS = 100;

export interface LoadDrive {
  /** Resolves when the load should stop, with the reason. Users are still running then. */
  stopped: Promise<StopReason>;
  /** Stops the clock early (a signal, the pool's iterations done). */
  stop(reason: StopReason): void;
  /** Closes the last statistics row, with the users running at the stop. */
  finalTick(): void;
  /** Closed model: the most users each class had at once (summary.json's `run.usersSpawned`); undefined for the open model. */
  usersSpawned(): Record<string, number> | undefined;
  /**
   * Changes the load while it runs (the web UI's edit): closed model, ramp from the users
   * running now to `users` at `spawnRate`; open model, `arrivalRate` from now on. The run
   * keeps its end time.
   */
  retarget(change: { users?: number; spawnRate?: number; arrivalRate?: number }): void;
  /** Closed model: the users wanted per class now (the last `setUsers`). */
  userCounts(): Readonly<Record<string, number>>;
  /** The users the load is heading for (closed), or max_users (open). */
  targetUsers(): number;
  /** From now on the ticks go to `next` (Reset statistics: the threads' snapshots are deltas). */
  replaceStats(next: RunStats): void;
}

/**
 * @example
 * const drive = driveLoad({ pool, stats, stages, mix, live, selfCheck, thresholds: [], abortOnThreshold: false });
 * const reason = await drive.stopped;
 */
export function driveLoad(options: DriveOptions): LoadDrive {
  const { pool, mix, live, selfCheck } = options;
  let { stats, stages, arrivals } = options;
  // Where `stages` start on the run's clock: an edit starts a new shape from the moment it is made.
  let stagesFrom = 0;
  // The run's clock starts with the first arrival (open model) or the first user (closed).
  const startedAt = performance.now() + (arrivals ? ARRIVALS_HEAD_START_MS : 0);
  const capacity = userCapacity(mix, options.shard);
  const totalSeconds = arrivals ? arrivalShapeDuration(arrivals.segments) : shapeDuration(stages);
  const elapsed = () => Math.max(0, (performance.now() - startedAt) / 1000);
  let applied = '';
  let appliedCounts: Record<string, number> = {};
  const spawnReport = new SpawnReport(mix.map((entry) => entry.name));
  let targetUsers = 0;
  let usersAtStop: number | undefined;
  const { promise: stopped, resolve: resolveStopped } = Promise.withResolvers<StopReason>();

  const stop = (reason: StopReason) => {
    if (usersAtStop !== undefined) return;
    usersAtStop = pool.runningUsers();
    clearInterval(spawnTimer);
    clearInterval(tickTimer);
    const unfinished = arrivals ? undefined : spawnReport.stopped(appliedCounts, targetUsers);
    if (unfinished) live.message(unfinished);
    resolveStopped(reason);
  };

  const spawnStep = () => {
    if (arrivals) {
      if (elapsed() >= totalSeconds) stop('duration');
      return;
    }
    const point = usersAt(stages, elapsed() - stagesFrom);
    if (point.done) {
      stop('duration');
      return;
    }
    targetUsers = Math.min(stages[point.stage].users, capacity);
    const counts = userCountsFor(Math.min(point.users, capacity), mix, options.shard);
    const key = JSON.stringify(counts);
    if (key !== applied) {
      applied = key;
      appliedCounts = counts;
      pool.setUsers(counts);
    }
    const spawned = spawnReport.spawned(counts, targetUsers);
    if (spawned) live.message(spawned);
  };

  let droppedWarned = 0;
  let droppedWarnedAt = Number.NEGATIVE_INFINITY;
  const warnDropped = (seconds: number) => {
    const dropped = stats.arrivals()?.dropped ?? 0;
    if (dropped === droppedWarned || seconds - droppedWarnedAt < DROPPED_WARNING_EVERY_SECONDS) return;
    live.warn(
      `${dropped - droppedWarned} arrival(s) dropped: every user was busy (max_users ${arrivals?.maxUsers}); ` +
        'the target is slower than the rate needs, or raise max_users',
    );
    droppedWarned = dropped;
    droppedWarnedAt = seconds;
  };

  const tick = () => {
    const seconds = elapsed();
    stats.tick(Date.now(), pool.runningUsers());
    const sample = selfCheck.sample();
    if (sample.warning) live.warn(sample.warning);
    if (arrivals) warnDropped(seconds);
    live.update(
      liveView(stats, {
        elapsedSeconds: seconds,
        ...(Number.isFinite(totalSeconds) ? { durationSeconds: totalSeconds } : {}),
        users: pool.runningUsers(),
        targetUsers,
        ...(arrivals ? { arrivalRate: rateAt(arrivals.segments, seconds) } : {}),
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

  if (arrivals) {
    targetUsers = arrivals.maxUsers;
    if (pool.startArrivals === undefined) throw new Error('the open model needs a pool made with arrivals');
    // The threads time every arrival from this instant (epoch ms, shared across threads).
    pool.startArrivals(arrivals.segments, performance.timeOrigin + startedAt);
  }
  const spawnTimer = setInterval(spawnStep, options.spawnStepMs ?? 100);
  const tickTimer = setInterval(tick, 1000);
  spawnStep();

  return {
    stopped,
    stop,
    finalTick() {
      stats.tick(Date.now(), usersAtStop ?? pool.runningUsers());
    },
    usersSpawned: () => (arrivals ? undefined : spawnReport.peak()),
    retarget(change) {
      if (usersAtStop !== undefined) return;
      const now = elapsed();
      const left = Math.max(0, totalSeconds - now);
      if (arrivals) {
        if (change.arrivalRate === undefined) return;
        arrivals = { ...arrivals, segments: rateFrom(arrivals.segments, now, change.arrivalRate, left) };
        pool.startArrivals?.(arrivals.segments, performance.timeOrigin + startedAt);
        return;
      }
      const running = usersAt(stages, now - stagesFrom).users;
      const users = change.users ?? targetUsers;
      const spawnRate =
        change.spawnRate ??
        stages[Math.min(stages.length - 1, usersAt(stages, now - stagesFrom).stage)].spawnRate;
      // A zero-length first stage puts the level where it is now; the second ramps from there.
      stages = [
        { durationSeconds: 0, users: running, spawnRate: Number.POSITIVE_INFINITY },
        { durationSeconds: left, users, spawnRate },
      ];
      stagesFrom = now;
      spawnStep();
    },
    userCounts: () => appliedCounts,
    targetUsers: () => targetUsers,
    replaceStats(next) {
      stats = next;
    },
  };
}

/**
 * The open model's rate edited at `now`: the shape as it was until then (so every thread
 * agrees on the arrivals already due), then `rate` for the `left` seconds of the run.
 */
function rateFrom(segments: readonly RateSegment[], now: number, rate: number, left: number): RateSegment[] {
  const kept: RateSegment[] = [];
  let start = 0;
  for (const segment of segments) {
    if (start >= now) break;
    const length = Math.min(segment.durationSeconds, now - start);
    const toRate = length === segment.durationSeconds ? segment.toRate : rateAt([segment], length);
    kept.push({ durationSeconds: length, fromRate: segment.fromRate, toRate });
    start += segment.durationSeconds;
  }
  return [...kept, { durationSeconds: left, fromRate: rate, toRate: rate }];
}
