/**
 * The open model: journeys start at a rate over time whatever the target's speed (k6's
 * arrival-rate executors), each handed to an idle user, at most `maxUsers` busy at once.
 * The threads get the whole schedule at once and time each arrival from the common start
 * themselves (a message per rate change would arrive late and jittery).
 */
import { arrivalShapeDuration, peakRate, type RateSegment, rateAt } from './arrival-shape.ts';
import type { LoadModel } from './load-model.ts';

export interface OpenArrivalsSettings {
  segments: readonly RateSegment[];
  /** Most users busy with a journey at once, over the whole run. */
  maxUsers: number;
  /** True when the rate came from a profile's `stages` (then summary.json lists them). */
  staged: boolean;
}

/**
 * The first arrival is due this long after the schedule is sent, so every thread has it (and
 * has run its timer once) before then — else the first arrivals' start lag would be the
 * message's trip and a cold thread, not anything of the target's.
 */
const ARRIVALS_HEAD_START_MS = 100;

/**
 * @example
 * const model = openArrivals({ segments: [{ durationSeconds: 60, fromRate: 5, toRate: 5 }], maxUsers: 50, staged: false });
 */
export function openArrivals(settings: OpenArrivalsSettings): LoadModel {
  let segments = settings.segments;
  const durationSeconds = arrivalShapeDuration(segments);
  return {
    kind: 'open',
    durationSeconds,
    maxUsers: settings.maxUsers,
    headStartMs: ARRIVALS_HEAD_START_MS,
    start: (sink) => sink.setArrivals(segments),
    tick() {},
    retarget(change, now, sink) {
      if (change.arrivalRate === undefined) return false;
      segments = rateFrom(segments, now, change.arrivalRate, Math.max(0, durationSeconds - now));
      sink.setArrivals(segments);
      return true;
    },
    done: (elapsedSeconds) => elapsedSeconds >= durationSeconds,
    status: (elapsedSeconds) => ({
      targetUsers: settings.maxUsers,
      arrivalRate: rateAt(segments, elapsedSeconds),
    }),
    startNote: () => `, open model up to ${peakRate(settings.segments)}/s, max_users ${settings.maxUsers}`,
    metadata: () => ({
      loadModel: 'open',
      arrivalRate: peakRate(settings.segments),
      maxUsers: settings.maxUsers,
      ...(settings.staged ? { arrivalStages: settings.segments } : {}),
    }),
  };
}

/**
 * The rate edited at `now`: the shape as it was until then (so every thread agrees on the
 * arrivals already due), then `rate` for the `left` seconds of the run.
 * @example rateFrom([{ durationSeconds: 10, fromRate: 2, toRate: 2 }], 4, 6, 6) // 2/s for 4 s, then 6/s for 6 s
 */
export function rateFrom(
  segments: readonly RateSegment[],
  now: number,
  rate: number,
  left: number,
): RateSegment[] {
  const kept: RateSegment[] = [];
  let start = 0;
  for (const segment of segments) {
    if (start >= now) break;
    const length = Math.min(segment.durationSeconds, now - start);
    const toRate = length === segment.durationSeconds ? segment.toRate : rateAt([segment], length);
    kept.push({ durationSeconds: length, fromRate: segment.fromRate, toRate });
    start += segment.durationSeconds;
  }
  // A schedule that ended before now (a shape that ran users first) is followed by no arrivals until now.
  if (start < now) kept.push({ durationSeconds: now - start, fromRate: 0, toRate: 0 });
  return [...kept, { durationSeconds: left, fromRate: rate, toRate: rate }];
}
