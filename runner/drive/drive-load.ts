/**
 * The run's clock in the main thread: follows the load model (runner/load-model/load-model.ts)
 * — hands its users or arrivals to the pool —, closes one statistics row per second, shows
 * progress, watches itself and the abort thresholds, and decides when the load stops.
 */

import type { LiveConsole } from '../console/live.ts';
import { SpawnReport } from '../console/spawn-report.ts';
import { liveView } from '../console/stats-view.ts';
import type { LoadChange, LoadModel, LoadSink, RunView } from '../load-model/load-model.ts';
import type { Shard } from '../load-model/shard.ts';
import { type UserMixEntry, userCapacity, userCountsFor } from '../load-model/user-mix.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { SelfCheck } from '../stats/self-check.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import type { LoadPool } from '../threads/pool.ts';
import { checkAbort } from '../thresholds/evaluate.ts';
import type { Threshold } from '../thresholds/parse.ts';
import { shapeWindowStats } from './shape-window.ts';

/** Why the load stopped (`web`: Stop in the web UI or Locust's `GET /stop`; `master`: a distributed worker lost its master). */
export type StopReason = 'duration' | 'iterations' | 'threshold' | 'web' | 'master' | 'SIGINT' | 'SIGTERM';

export interface DriveOptions {
  pool: LoadPool;
  stats: RunStats;
  /** What load to give, second by second (closed stages, open arrivals, a code shape, a limit search). */
  model: LoadModel;
  mix: readonly UserMixEntry[];
  live: LiveConsole;
  selfCheck: SelfCheck;
  thresholds: readonly Threshold[];
  /** false = never abort; else seconds into the run from which a failed threshold stops it. */
  abortOnThreshold: false | number;
  /** Milliseconds between spawn steps; default 100 (ramps are paced finer than the one-second stats tick). */
  spawnStepMs?: number;
  /** This process runs one shard's users: user counts are its positions of the run's sequence. */
  shard?: Shard;
}

/** Seconds between two live warnings about dropped arrivals (the count in between is summed). */
const DROPPED_WARNING_EVERY_SECONDS = 10;

export interface LoadDrive {
  /** Resolves when the load should stop, with the reason. Users are still running then. */
  stopped: Promise<StopReason>;
  /** Stops the clock early (a signal, the pool's iterations done). */
  stop(reason: StopReason): void;
  /** Closes the last statistics row, with the users running at the stop. */
  finalTick(): void;
  /** The most users each class had at once (summary.json's `run.usersSpawned`); undefined when the model never ran users. */
  usersSpawned(): Record<string, number> | undefined;
  /**
   * Changes the load while it runs (the web UI's edit): closed model, ramp from the users
   * running now to `users` at `spawnRate`; open model, `arrivalRate` from now on. The run
   * keeps its end time. False when the model takes no such change.
   */
  retarget(change: LoadChange): boolean;
  /**
   * A distributed worker's new positions in the run's sequence of users (the master's
   * re-spread): the next spawn step counts its users per class from them.
   */
  moveShard(shard: Shard): void;
  /** The users wanted per class now (the last `setUsers`). */
  userCounts(): Readonly<Record<string, number>>;
  /** The users the load is heading for (closed), or max_users (open). */
  targetUsers(): number;
  /** True while users are still being started towards the target (closed model's ramp). */
  spawning(): boolean;
  /** The model driven (its name and metadata for the summary, the web UI). */
  model: LoadModel;
  /** The error that ended the load (a load shape's tick that threw or answered nonsense); undefined otherwise. */
  failure(): Error | undefined;
  /** Each thread's snapshot as the run's statistics merge it (a model that keeps windows of its own). */
  observe(snapshot: StatsSnapshot): void;
  /** From now on the ticks go to `next` (Reset statistics: the threads' snapshots are deltas). */
  replaceStats(next: RunStats): void;
}

/**
 * @example
 * const drive = driveLoad({ pool, stats, model: closedStages(settings), mix, live, selfCheck, thresholds: [], abortOnThreshold: false });
 * const reason = await drive.stopped;
 */
export function driveLoad(options: DriveOptions): LoadDrive {
  const { pool, mix, live, selfCheck, model } = options;
  let { stats } = options;
  // The run's clock starts with the model's first load (open model: the first arrival).
  const startedAt = performance.now() + model.headStartMs;
  let { shard } = options;
  let capacity = userCapacity(mix, shard);
  const elapsed = () => Math.max(0, (performance.now() - startedAt) / 1000);
  let applied = '';
  let appliedCounts: Record<string, number> = {};
  // The last (users, target) asked: a step that asks the same again changes nothing.
  let asked: { users: number; target: number } | undefined;
  const spawnReport = new SpawnReport(mix.map((entry) => entry.name));
  let usersDriven = false;
  let targetUsers = 0;
  let usersAtStop: number | undefined;
  const { promise: stopped, resolve: resolveStopped } = Promise.withResolvers<StopReason>();

  const stop = (reason: StopReason) => {
    if (usersAtStop !== undefined) return;
    usersAtStop = pool.runningUsers();
    clearInterval(spawnTimer);
    clearInterval(tickTimer);
    const unfinished = usersDriven ? spawnReport.stopped(appliedCounts, targetUsers) : undefined;
    if (unfinished) live.message(unfinished);
    resolveStopped(reason);
  };

  const sink: LoadSink = {
    setUsers(users, target) {
      usersDriven = true;
      targetUsers = Math.min(target, capacity);
      if (asked?.users === users && asked.target === targetUsers) return;
      asked = { users, target: targetUsers };
      const counts = userCountsFor(Math.min(users, capacity), mix, shard);
      const key = JSON.stringify(counts);
      if (key !== applied) {
        applied = key;
        appliedCounts = counts;
        pool.setUsers(counts);
      }
      const spawned = spawnReport.spawned(counts, targetUsers);
      if (spawned) live.message(spawned);
    },
    setArrivals(segments) {
      if (pool.startArrivals === undefined) throw new Error('the open model needs a pool made with arrivals');
      // The threads time every arrival from this instant (epoch ms, shared across threads).
      pool.startArrivals(segments, performance.timeOrigin + startedAt);
    },
    note: (line) => live.message(line),
  };

  const view = (): RunView => {
    const seconds = elapsed();
    const users = pool.runningUsers();
    // Percentiles are read only when the model looks at them.
    return {
      elapsedSeconds: seconds,
      users,
      get stats() {
        return shapeWindowStats(stats);
      },
    };
  };

  let failure: Error | undefined;
  const spawnStep = () => {
    const run = view();
    try {
      if (!model.done(run.elapsedSeconds)) model.tick(run, sink);
    } catch (error) {
      // A load shape's own bug ends the run with its reports; the session names it and exits 2.
      failure = error instanceof Error ? error : new Error(String(error));
      live.warn(`the load model failed: ${failure.message}`);
      stop('duration');
      return;
    }
    if (model.done(run.elapsedSeconds)) stop('duration');
  };

  let droppedWarned = 0;
  let droppedWarnedAt = Number.NEGATIVE_INFINITY;
  const warnDropped = (seconds: number) => {
    const dropped = stats.arrivals()?.dropped ?? 0;
    if (dropped === droppedWarned || seconds - droppedWarnedAt < DROPPED_WARNING_EVERY_SECONDS) return;
    live.warn(
      `${dropped - droppedWarned} arrival(s) dropped: every user was busy (max_users ${model.maxUsers}); ` +
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
    warnDropped(seconds);
    // The view costs percentiles of every row: built only when the console shows it.
    if (live.wouldShow(seconds)) {
      const status = model.status(seconds);
      live.update(
        liveView(stats, {
          elapsedSeconds: seconds,
          ...(Number.isFinite(model.durationSeconds) ? { durationSeconds: model.durationSeconds } : {}),
          users: pool.runningUsers(),
          targetUsers: usersDriven ? targetUsers : status.targetUsers,
          ...(status.arrivalRate === undefined ? {} : { arrivalRate: status.arrivalRate }),
        }),
      );
    }
    if (options.abortOnThreshold !== false && options.thresholds.length > 0) {
      const failed = checkAbort(options.thresholds, stats, seconds, options.abortOnThreshold);
      if (failed.length > 0) {
        live.warn(`threshold ${failed[0].expression} failed: stopping the run`);
        stop('threshold');
      }
    }
  };

  try {
    model.start(sink);
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
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
    usersSpawned: () => (usersDriven ? spawnReport.peak() : undefined),
    retarget(change) {
      if (usersAtStop !== undefined) return false;
      return model.retarget(change, elapsed(), sink);
    },
    moveShard(next) {
      shard = next;
      capacity = userCapacity(mix, next);
      // The same users on new positions may be other classes: the next step counts them again.
      asked = undefined;
    },
    userCounts: () => appliedCounts,
    targetUsers: () => (usersDriven ? targetUsers : model.status(elapsed()).targetUsers),
    spawning: () => usersDriven && pool.runningUsers() < targetUsers,
    model,
    failure: () => failure,
    observe(snapshot) {
      model.observe?.(snapshot);
    },
    replaceStats(next) {
      stats = next;
    },
  };
}
