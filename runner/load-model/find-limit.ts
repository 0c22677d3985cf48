/**
 * Find the limit: step the load up — `step` users (or arrivals per second) every
 * `stepSeconds` — until a limit breaks over a whole step, and report the highest load at
 * which every limit held. The ceiling (`-u` or `--arrival-rate`) is the last step. Each step
 * is judged on its own window of statistics, counted from the moment its load is reached
 * (the closed model's ramp is not judged).
 */
import type { LimitBreak, LimitLoad, LimitResult } from '../stats/summary.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import type { RateSegment } from './arrival-shape.ts';
import type { LoadModel, LoadSink } from './load-model.ts';
import { usersAt } from './load-shape.ts';
import { rateFrom } from './open-arrivals.ts';

export type { LimitBreak, LimitLoad, LimitResult };

/** Judges one step's window of statistics against the limits. */
export interface StepJudge {
  /** Starts a new window: only what is merged from now on counts. */
  restart(): void;
  observe(snapshot: StatsSnapshot): void;
  /** The first limit broken over the window (value null: nothing to measure), or undefined when all held. */
  broken(): LimitBreak | undefined;
}

export interface FindLimitSettings {
  /** The limits as written, for the summary. */
  limits: string[];
  judge: StepJudge;
  /** Steps users (closed) or arrivals per second (open). */
  open: boolean;
  step: number;
  stepSeconds: number;
  /** The highest load tried: `-u` or `--arrival-rate`. */
  ceiling: number;
  /** Closed model: users started per second within a step (`Infinity`: at once). */
  spawnRate: number;
  /** Open model: the cap on users in flight. */
  maxUsers?: number;
  /** `-t`: the search ends then even if no limit broke (`held` is the last step that held). */
  durationSeconds?: number;
}

/**
 * @example
 * const model = findLimit({ limits: ['p95<30ms'], judge, open: false, step: 1, stepSeconds: 5, ceiling: 10, spawnRate: Infinity });
 */
export function findLimit(settings: FindLimitSettings): LoadModel & { result(): LimitResult } {
  const { judge, open, step, stepSeconds, ceiling } = settings;
  const loadOf = (level: number): LimitLoad => (open ? { arrivalRate: level } : { users: level });
  const describe = (level: number) => (open ? `${level}/s` : `${level} user(s)`);
  const result: LimitResult = { limits: settings.limits, step, stepSeconds, ceiling, steps: [] };
  let level = Math.min(step, ceiling);
  let levelFrom = 0;
  let windowFrom: number | undefined;
  // Epoch ms of the window's start, for the report's chart (its time axis is the wall clock).
  let windowAt = 0;
  let ended = false;
  // Users: the level ramps from where the last step stood at the spawn rate.
  let previous = 0;

  let segments: RateSegment[] = [];

  const apply = (now: number, sink: LoadSink) => {
    if (open) return;
    // The ramp from the last step's level to this one, as a two-stage shape from the step's start.
    const ramp = [
      { durationSeconds: 0, users: previous, spawnRate: Number.POSITIVE_INFINITY },
      { durationSeconds: Number.POSITIVE_INFINITY, users: level, spawnRate: settings.spawnRate },
    ];
    sink.setUsers(usersAt(ramp, now - levelFrom).users, level);
  };

  const enter = (now: number, sink: LoadSink) => {
    levelFrom = now;
    windowFrom = undefined;
    if (open) {
      segments = rateFrom(segments, now, level, Number.POSITIVE_INFINITY);
      sink.setArrivals(segments);
    } else apply(now, sink);
  };

  const judgeStep = (now: number, sink: LoadSink) => {
    const broken = judge.broken();
    result.steps.push({
      ...loadOf(level),
      atSeconds: windowFrom ?? now,
      at: windowAt,
      seconds: now - (windowFrom ?? now),
      held: broken === undefined,
    });
    if (broken) {
      result.broke = { ...loadOf(level), ...broken };
      ended = true;
      sink.note(`limit ${broken.by} broke at ${describe(level)}: stopping`);
      return;
    }
    result.held = loadOf(level);
    if (level >= ceiling) {
      ended = true;
      sink.note(`every limit held up to the ceiling, ${describe(level)}`);
      return;
    }
    sink.note(`every limit held at ${describe(level)}: stepping up`);
    previous = level;
    level = Math.min(level + step, ceiling);
    enter(now, sink);
  };

  return {
    kind: 'find-limit',
    durationSeconds: settings.durationSeconds ?? Number.POSITIVE_INFINITY,
    ...(open ? { maxUsers: settings.maxUsers } : {}),
    headStartMs: 0,
    start: (sink) => enter(0, sink),
    tick(run, sink) {
      if (ended) return;
      if (!open) apply(run.elapsedSeconds, sink);
      // A step is judged from the moment its load is reached.
      if (windowFrom === undefined && (open || run.users >= level)) {
        windowFrom = run.elapsedSeconds;
        windowAt = Date.now();
        judge.restart();
      }
      if (windowFrom !== undefined && run.elapsedSeconds - windowFrom >= stepSeconds)
        judgeStep(run.elapsedSeconds, sink);
    },
    retarget: () => false,
    done: (seconds) => ended || seconds >= (settings.durationSeconds ?? Number.POSITIVE_INFINITY),
    status: () =>
      open ? { targetUsers: settings.maxUsers ?? 0, arrivalRate: ended ? 0 : level } : { targetUsers: level },
    observe: (snapshot) => judge.observe(snapshot),
    startNote: () =>
      `, finding the limit (${settings.limits.join(', ')}) in steps of ${open ? `${step}/s` : `${step} user(s)`} every ${stepSeconds}s up to ${describe(ceiling)}`,
    metadata: () => ({ loadModel: 'find-limit', limit: result }),
    report: () => [limitLine(result)],
    result: () => result,
  };
}

/** The console's line: `limit: held at 4 users; p95<30ms broke at 5 users (41.3)`. */
export function limitLine(result: LimitResult): string {
  const text = (load: LimitLoad) => ('users' in load ? `${load.users} user(s)` : `${load.arrivalRate}/s`);
  const held = result.held ? `held at ${text(result.held)}` : 'no step held';
  if (!result.broke) {
    const last = result.held && ('users' in result.held ? result.held.users : result.held.arrivalRate);
    if (last === result.ceiling)
      return `limit: ${held} (every limit held; the ceiling was reached, not the limit)`;
    return result.held
      ? `limit: ${held} so far (the run ended before a limit broke or the ceiling was reached)`
      : 'limit: not found (the run ended before its first step was judged)';
  }
  const { by, value, unit } = result.broke;
  const measured =
    value === null ? 'nothing measured' : `${Math.round(value * 1000) / 1000}${unit === 'ms' ? ' ms' : ''}`;
  return `limit: ${held}; ${by} broke at ${text(result.broke)} (${measured})`;
}
