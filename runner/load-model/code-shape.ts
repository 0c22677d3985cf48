/**
 * A load shape written in code (Locust's LoadTestShape): the shape's `tick` is asked about
 * once a second and its answer followed — users ramped at a spawn rate, an arrival rate, or
 * the end of the run. A shape may answer users at one tick and a rate at another; the other
 * kind of load is wound down as the new one starts.
 */
import type { LoadShape, ShapeRun, ShapeTick } from '../api/load-shape.ts';
import { RunnerError } from '../errors.ts';
import type { RateSegment } from './arrival-shape.ts';
import type { LoadModel, LoadSink } from './load-model.ts';
import { type Stage, usersAt } from './load-shape.ts';
import { rateFrom } from './open-arrivals.ts';
import { type Shard, shareOf } from './shard.ts';

export interface CodeShapeSettings {
  /** The class's name, for the start line and summary.json. */
  name: string;
  shape: LoadShape;
  /** The open model's cap on users in flight over the whole run (the shape's `maxUsers`, else `-u`). */
  maxUsers: number;
  /** This process's shard: it runs its share of the users; the threads split the arrivals. */
  shard?: Shard;
  /** `-t`: the run ends then even if the shape goes on. */
  durationSeconds?: number;
}

/** Seconds between two calls of the shape's `tick`, as Locust's shape loop. */
const TICK_SECONDS = 1;

/**
 * @example
 * const model = codeShape({ name: 'StepUp', shape: new StepUp(), maxUsers: 100 });
 */
export function codeShape(settings: CodeShapeSettings): LoadModel {
  const { shape, shard } = settings;
  // Users: a two-stage ramp from the level at the last answer; arrivals: the whole schedule so far.
  let stages: Stage[] = [];
  let stagesFrom = 0;
  let segments: RateSegment[] = [];
  let rate = 0;
  let target = 0;
  let askedRate = 0;
  let askedAt = Number.NEGATIVE_INFINITY;
  let ended = false;
  let last: ShapeTick | undefined;

  const share = (users: number) => (shard ? shareOf(users, shard) : users);

  const ask = (run: ShapeRun): ShapeTick => {
    let answer: ShapeTick;
    try {
      answer = shape.tick(run);
    } catch (error) {
      throw new RunnerError(
        `${settings.name}.tick threw: ${error instanceof Error ? error.message : String(error)}`,
        {
          code: 'SHAPE_TICK_FAILED',
          where: settings.name,
          cause: error,
        },
      );
    }
    if (answer !== null && !validAnswer(answer)) {
      throw new RunnerError(`${settings.name}.tick returned ${JSON.stringify(answer)}`, {
        code: 'SHAPE_TICK_INVALID',
        where: settings.name,
        hint: 'return { users, spawnRate }, { arrivalRate } (numbers >= 0), or null to end the run',
      });
    }
    return answer;
  };

  const follow = (answer: ShapeTick, now: number, sink: LoadSink) => {
    if (answer === null) {
      ended = true;
      return;
    }
    if ('arrivalRate' in answer) {
      if (stages.length > 0) {
        stages = [];
        target = 0;
        sink.setUsers(0, 0);
      }
      if (answer.arrivalRate === rate) return;
      rate = answer.arrivalRate;
      // A zero rate ends the schedule now (a later rate resumes it); else the rate holds until the next answer.
      segments = rateFrom(segments, now, rate, rate > 0 ? Number.POSITIVE_INFINITY : 0);
      sink.setArrivals(segments);
      return;
    }
    if (rate > 0) {
      rate = 0;
      segments = rateFrom(segments, now, 0, 0);
      sink.setArrivals(segments);
    }
    const users = share(answer.users);
    // The same answer again keeps the ramp going: restarting it would start a batch at once each second.
    if (stages.length > 0 && users === target && answer.spawnRate === askedRate) return;
    askedRate = answer.spawnRate;
    const level = stages.length > 0 ? usersAt(stages, now - stagesFrom).users : 0;
    // Each shard ramps at its share of the rate, so the shards reach their users together.
    const spawnRate = answer.users > 0 ? answer.spawnRate * (users / answer.users) : answer.spawnRate;
    stages = [
      { durationSeconds: 0, users: level, spawnRate: Number.POSITIVE_INFINITY },
      { durationSeconds: Number.POSITIVE_INFINITY, users, spawnRate },
    ];
    stagesFrom = now;
    target = users;
  };

  const step = (run: ShapeRun, sink: LoadSink) => {
    if (ended) return;
    if (run.elapsedSeconds - askedAt >= TICK_SECONDS) {
      askedAt = run.elapsedSeconds;
      const answer = ask(run);
      last = answer;
      follow(answer, run.elapsedSeconds, sink);
      if (ended) return;
    }
    if (stages.length > 0) sink.setUsers(usersAt(stages, run.elapsedSeconds - stagesFrom).users, target);
  };

  return {
    kind: 'shape',
    durationSeconds: settings.durationSeconds ?? Number.POSITIVE_INFINITY,
    maxUsers: settings.maxUsers,
    headStartMs: 0,
    start: () => {},
    tick: step,
    // The shape decides the load; an edit would be overwritten at its next tick.
    retarget: () => false,
    done: (seconds) => ended || seconds >= (settings.durationSeconds ?? Number.POSITIVE_INFINITY),
    status: () =>
      last && last !== null && 'arrivalRate' in last
        ? { targetUsers: settings.maxUsers, arrivalRate: rate }
        : { targetUsers: target },
    startNote: () => `, load shape ${settings.name}`,
    metadata: () => ({ loadModel: 'shape', shape: settings.name, maxUsers: settings.maxUsers }),
  };
}

function validAnswer(answer: object): boolean {
  const ok = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if ('arrivalRate' in answer) return ok(answer.arrivalRate);
  return (
    'users' in answer &&
    'spawnRate' in answer &&
    ok(answer.users) &&
    Number.isInteger(answer.users) &&
    (ok(answer.spawnRate) || answer.spawnRate === Number.POSITIVE_INFINITY)
  );
}
