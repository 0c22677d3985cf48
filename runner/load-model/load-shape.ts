/**
 * The number of users a closed-model run wants at each moment. A plain run is one stage
 * (`users` at `spawn_rate` for `duration`); `stages` chain several, like Locust's
 * LoadTestShape or k6's ramping-vus, each ramping from where the last one stopped.
 *
 * Ramps follow Locust's dispatcher: batches of `floor(rate)` users (at least one), the
 * first batch at once, the next every `batch / rate` seconds.
 */

/** One stage: ramp to `users` at `spawnRate` users/s, and hold for the rest of `durationSeconds`. */
export interface Stage {
  /** Length of this stage in seconds; `Infinity` for a run without a time limit. */
  durationSeconds: number;
  users: number;
  /** Users started (or stopped) per second; `0` or `Infinity` = all at once. */
  spawnRate: number;
}

export interface ShapePoint {
  /** Users wanted now. */
  users: number;
  /** Index of the current stage. */
  stage: number;
  /** True once the last stage has ended: the run stops. */
  done: boolean;
}

/**
 * Users wanted `elapsedSeconds` after the run started.
 * @example usersAt([{ durationSeconds: 60, users: 5, spawnRate: 1 }], 2.5) // { users: 3, stage: 0, done: false }
 */
export function usersAt(stages: readonly Stage[], elapsedSeconds: number): ShapePoint {
  let level = 0;
  let stageStart = 0;
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index];
    const stageEnd = stageStart + stage.durationSeconds;
    if (elapsedSeconds < stageEnd) {
      return { users: rampedLevel(level, stage, elapsedSeconds - stageStart), stage: index, done: false };
    }
    // Where a stage ended is where the next one ramps from, even if it never reached its target.
    level = rampedLevel(level, stage, stage.durationSeconds);
    stageStart = stageEnd;
  }
  return { users: level, stage: Math.max(0, stages.length - 1), done: true };
}

/** Seconds until the last stage ends (`Infinity` when a stage has no end). */
export function shapeDuration(stages: readonly Stage[]): number {
  return stages.reduce((sum, stage) => sum + stage.durationSeconds, 0);
}

function rampedLevel(from: number, stage: Stage, secondsIntoStage: number): number {
  const distance = Math.abs(stage.users - from);
  if (distance === 0) return from;
  const rate = stage.spawnRate;
  if (!(rate > 0) || rate === Number.POSITIVE_INFINITY) return stage.users;
  const batch = Math.max(1, Math.floor(rate));
  const interval = batch / rate;
  // The small epsilon keeps a batch due at exactly k·interval from slipping to the next tick on float error.
  const batches = Math.floor(secondsIntoStage / interval + 1e-9) + 1;
  const moved = Math.min(distance, batches * batch);
  return stage.users > from ? from + moved : from - moved;
}
