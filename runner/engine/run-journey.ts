import type { Journey, JourneyClass } from '../api/journey.ts';
import type { Task, User } from '../api/user.ts';
import type { Client, RequestRecorder } from '../http/client.ts';
import type { PlannedJourney } from './journey-plan.ts';

/** What a user's loop records besides requests (the thread's `StatsRecorder` satisfies it). */
export interface LoopRecorder extends RequestRecorder {
  journey(
    name: string,
    durationMs: number,
    interruptedAt?: string,
    outcomes?: ReadonlyMap<string, number>,
  ): void;
  exception(error: unknown, where: string): void;
}

/** Codes of the errors that end a journey without a new record: already recorded, deliberate, or cut off. */
const REQUEST_FAILED = 'REQUEST_FAILED';
const REQUEST_CANCELLED = 'REQUEST_CANCELLED';
const JOURNEY_INTERRUPTED = 'JOURNEY_INTERRUPTED';

/** Error codes are compared rather than classes, so a suite that loads its own copy of the runner still works. */
export function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

/**
 * Runs one pick of a user: a journey (onStart, its steps in order, onStop always) or a
 * plain task, and records it. A failing step ends the journey: the failure is recorded
 * once (by the client, or here as an exception) and the rest is skipped.
 *
 * @param intendedStart open model: when the journey was due (`performance.now()` time). Its
 *   duration is measured from there rather than from its actual start, so a journey that had
 *   to wait for the generator shows the wait (no coordinated omission).
 * @returns the journey's duration in ms, or -1 when the user was cancelled under it
 *   (then nothing about the journey is recorded).
 */
export async function runJourney(
  user: User,
  client: Client,
  entry: PlannedJourney,
  recorder: LoopRecorder,
  intendedStart?: number,
): Promise<number> {
  const start = intendedStart ?? performance.now();
  let interruptedAt: string | undefined;
  let outcomes: Map<string, number> | undefined;
  if (entry.kind === 'journey') {
    let journey: Journey | undefined;
    let index = -1;
    try {
      journey = new (entry.target as JourneyClass)(user);
      outcomes = journey.outcomes;
      client.outcomes = outcomes;
      if (journey.onStart !== undefined) await journey.onStart();
      const steps = journey.steps;
      for (index = 0; index < steps.length; index++) await steps[index].call(journey);
    } catch (error) {
      const where =
        journey === undefined ? '(constructor)' : index < 0 ? 'onStart' : stepName(journey, index);
      if (endsJourney(error, recorder, client, `${entry.name}.${where}`)) interruptedAt = where;
    }
    if (journey?.onStop !== undefined) {
      try {
        await journey.onStop();
      } catch (error) {
        endsJourney(error, recorder, client, `${entry.name}.onStop`);
      }
    }
  } else {
    // A task has no outcomes map of its own: the client makes one if a response names an outcome.
    client.outcomes = undefined;
    try {
      await (entry.target as Task)(user);
    } catch (error) {
      if (endsJourney(error, recorder, client, entry.name)) interruptedAt = entry.name;
    }
    outcomes = client.outcomes;
  }
  client.outcomes = undefined;
  if (client.cancelled) return -1;
  const durationMs = performance.now() - start;
  recorder.journey(entry.name, durationMs, interruptedAt, outcomes?.size ? outcomes : undefined);
  return durationMs;
}

/**
 * Records what a thrown error needs and tells whether it interrupted the journey:
 * `interrupt()` does not; a failed request is already recorded; anything else is an exception.
 */
function endsJourney(error: unknown, recorder: LoopRecorder, client: Client, where: string): boolean {
  const code = codeOf(error);
  if (code === JOURNEY_INTERRUPTED) return false;
  if (code === REQUEST_CANCELLED || client.cancelled) return true;
  if (code !== REQUEST_FAILED) recorder.exception(error, where);
  return true;
}

function stepName(journey: Journey, index: number): string {
  const step = journey.steps[index];
  return step.name.replace(/^bound /, '') || `step ${index + 1}`;
}
