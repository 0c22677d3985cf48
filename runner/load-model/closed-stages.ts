/**
 * The closed model: a number of users, each looping over its journeys, ramped along stages
 * (one stage for a plain `-u/-r/-t` run) as Locust does.
 */
import type { LoadChange, LoadModel, LoadSink } from './load-model.ts';
import { type Stage, shapeDuration, usersAt } from './load-shape.ts';

export interface ClosedStagesSettings {
  stages: readonly Stage[];
  /** The run's users and spawn rate as given (summary.json's `run`). */
  users: number;
  spawnRate: number;
  /** True when the stages came from a profile's `stages` (then summary.json lists them). */
  staged: boolean;
}

/**
 * @example
 * const model = closedStages({ stages: [{ durationSeconds: 60, users: 10, spawnRate: 2 }], users: 10, spawnRate: 2, staged: false });
 */
export function closedStages(settings: ClosedStagesSettings): LoadModel {
  let stages = settings.stages;
  // Where `stages` start on the run's clock: an edit starts a new shape from the moment it is made.
  let stagesFrom = 0;
  const durationSeconds = shapeDuration(stages);
  let target = 0;

  const apply = (elapsedSeconds: number, sink: LoadSink) => {
    const point = usersAt(stages, elapsedSeconds - stagesFrom);
    if (point.done) return;
    target = stages[point.stage].users;
    sink.setUsers(point.users, target);
  };

  return {
    kind: 'closed',
    durationSeconds,
    headStartMs: 0,
    start: (sink) => apply(0, sink),
    tick: (run, sink) => apply(run.elapsedSeconds, sink),
    retarget(change: LoadChange, now: number, sink: LoadSink) {
      if (change.users === undefined && change.spawnRate === undefined) return false;
      const point = usersAt(stages, now - stagesFrom);
      const spawnRate = change.spawnRate ?? stages[Math.min(stages.length - 1, point.stage)].spawnRate;
      // A zero-length first stage puts the level where it is now; the second ramps from there.
      stages = [
        { durationSeconds: 0, users: point.users, spawnRate: Number.POSITIVE_INFINITY },
        { durationSeconds: Math.max(0, durationSeconds - now), users: change.users ?? target, spawnRate },
      ];
      stagesFrom = now;
      apply(now, sink);
      return true;
    },
    done: (elapsedSeconds) => usersAt(stages, elapsedSeconds - stagesFrom).done,
    status: () => ({ targetUsers: target }),
    startNote: () => '',
    metadata: () => ({
      loadModel: 'closed',
      users: settings.users,
      spawnRate: settings.spawnRate,
      ...(settings.staged ? { stages: settings.stages } : {}),
    }),
  };
}
