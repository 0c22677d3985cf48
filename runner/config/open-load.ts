/**
 * The open model's settings from a profile and flags: the arrival rate over time (a constant
 * `arrival_rate` for `duration`, or `stages` with `arrival_rate`), and `max_users`.
 */
import { peakRate, type RateSegment } from '../load-model/arrival-shape.ts';
import { FlagError } from './errors.ts';
import type { CheckedFlags } from './flags.ts';
import type { Profile } from './schema.ts';

/** What an open-model run needs beside the common settings. */
export interface ArrivalPlan {
  /** The target rate over time (journeys/s), piecewise linear. */
  segments: RateSegment[];
  /** Most users running a journey at once, over every class and thread. */
  maxUsers: number;
}

/** Seconds of journeys in flight the default `max_users` allows for at the peak rate. */
export const DEFAULT_MAX_USERS_SECONDS = 10;
/** The default `max_users` is never below this. */
export const MIN_DEFAULT_MAX_USERS = 10;

/**
 * `max_users` when neither profile nor flag sets it: enough users for journeys of up to
 * 10 s at the peak rate (Little's law: in flight = rate × time in system), at least 10.
 * @example defaultMaxUsers(20) // 200
 */
export function defaultMaxUsers(peak: number): number {
  return Math.max(MIN_DEFAULT_MAX_USERS, Math.ceil(peak * DEFAULT_MAX_USERS_SECONDS));
}

/** Whether a profile describes an open-model run (before flags). */
export function profileIsOpen(p: Profile): boolean {
  return p.arrival_rate !== undefined || (p.stages ?? []).some((stage) => stage.arrival_rate !== undefined);
}

/**
 * The open-model plan, or undefined for a closed-model run. `--arrival-rate` makes any
 * profile open (constant rate); `-u`/`-r` make it closed. `-t` cuts a ramp short (at the rate
 * reached then) or holds the last rate longer.
 */
export function resolveArrivals(
  p: Profile,
  flag: CheckedFlags,
  seconds: (value: string | number | undefined, field: string) => number | undefined,
): { plan: ArrivalPlan; durationSeconds?: number; staged: boolean } | undefined {
  const closedFlags = flag.users !== undefined || flag.spawnRate !== undefined;
  const open = flag.arrivalRate !== undefined || (!closedFlags && profileIsOpen(p));
  if (!open) {
    if (flag.maxUsers !== undefined) {
      throw new FlagError([
        '--max-users: only for the open model (give --arrival-rate, or a profile with arrival_rate)',
      ]);
    }
    return undefined;
  }
  const stages = (p.stages ?? []).map((stage, i) => ({
    durationSeconds: seconds(stage.duration, `stages[${i}].duration`)!,
    rate: stage.arrival_rate ?? 0,
  }));
  const stagesLength = stages.reduce((sum, stage) => sum + stage.durationSeconds, 0);
  let segments: RateSegment[];
  let durationSeconds: number | undefined;
  const staged = flag.arrivalRate === undefined && stages.length > 0;
  if (staged) {
    durationSeconds = flag.runTime ?? stagesLength;
    segments = fitSegments(rampSegments(stages), durationSeconds);
  } else {
    const rate =
      flag.arrivalRate ?? (typeof p.arrival_rate === 'number' ? p.arrival_rate : p.arrival_rate!.rate);
    durationSeconds =
      flag.runTime ?? seconds(p.duration, 'duration') ?? (stages.length > 0 ? stagesLength : undefined);
    segments = [
      { durationSeconds: durationSeconds ?? Number.POSITIVE_INFINITY, fromRate: rate, toRate: rate },
    ];
  }
  const profileMax =
    p.max_users ?? (typeof p.arrival_rate === 'object' ? p.arrival_rate.max_users : undefined);
  const maxUsers = flag.maxUsers ?? profileMax ?? defaultMaxUsers(peakRate(segments));
  return {
    plan: { segments, maxUsers },
    ...(durationSeconds === undefined ? {} : { durationSeconds }),
    staged,
  };
}

/** Stages as linear ramps, each from where the last one ended (0 before the first). */
function rampSegments(stages: readonly { durationSeconds: number; rate: number }[]): RateSegment[] {
  let previous = 0;
  return stages.map((stage) => {
    const segment = { durationSeconds: stage.durationSeconds, fromRate: previous, toRate: stage.rate };
    previous = stage.rate;
    return segment;
  });
}

/** `-t` on staged arrivals: stop early at the rate reached then, or hold the last rate longer. */
function fitSegments(segments: readonly RateSegment[], totalSeconds: number): RateSegment[] {
  const fitted: RateSegment[] = [];
  let start = 0;
  for (const segment of segments) {
    if (start >= totalSeconds) break;
    const kept = Math.min(segment.durationSeconds, totalSeconds - start);
    const toRate =
      kept === segment.durationSeconds
        ? segment.toRate
        : segment.fromRate + ((segment.toRate - segment.fromRate) * kept) / segment.durationSeconds;
    fitted.push({ durationSeconds: kept, fromRate: segment.fromRate, toRate });
    start += segment.durationSeconds;
  }
  const last = fitted[fitted.length - 1];
  if (last && start < totalSeconds) {
    fitted.push({ durationSeconds: totalSeconds - start, fromRate: last.toRate, toRate: last.toRate });
  }
  return fitted;
}
