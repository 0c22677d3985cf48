import { attachClient, type Journey, type JourneyClass } from '../api/journey.ts';
import type { Task, User } from '../api/user.ts';
import type { RequestRecorder } from '../http/client.ts';
import type { ClientView } from '../http/client-view.ts';
import type { PlannedJourney } from './journey-plan.ts';
import { type ExceptionRecorder, recordThrown } from './record-error.ts';
import { markStep } from './step-marker.ts';
import type { ThinkTime } from './think-time.ts';

/** What a user's loop records besides requests (the thread's `StatsRecorder` satisfies it). */
export interface LoopRecorder extends RequestRecorder, ExceptionRecorder {
  journey(
    name: string,
    durationMs: number,
    interruptedAt?: string,
    outcomes?: ReadonlyMap<string, number>,
    activeMs?: number,
  ): void;
}

/**
 * How a journey ended, for what the user does next:
 * - `done`: it ran (every step, or up to a failed one) and was recorded: the user waits;
 * - `interrupted`: `interrupt()` ended it, recorded: the next journey starts at once, as in Locust;
 * - `cut`: the user was cancelled under it: nothing about it is recorded.
 */
export type JourneyEnd = 'done' | 'interrupted' | 'cut';

/** One user's part in running a journey. */
export interface JourneyUser {
  user: User;
  /** The user's own view of its client; each journey gets a view of this one. */
  client: ClientView;
  recorder: LoopRecorder;
  /** The user's think time: waits between steps, and the clock `constantPacing` reads. */
  think: ThinkTime;
}

/**
 * Runs one pick of a user: a journey (onStart, its steps in order with the user's think time
 * between them, onStop always) or a plain task, and records it. A failing step ends the
 * journey: the failure is recorded once (by the client, or here as an exception) and the
 * rest is skipped. Sets `think.context.lastJourneySeconds` to the journey's duration.
 *
 * @param intendedStart open model: when the journey was due (`performance.now()` time). Its
 *   duration is measured from there rather than from its actual start, so a journey that had
 *   to wait for the generator shows the wait (no coordinated omission).
 */
export async function runJourney(
  { user, client, recorder, think }: JourneyUser,
  entry: PlannedJourney,
  intendedStart?: number,
): Promise<JourneyEnd> {
  const start = intendedStart ?? performance.now();
  let interruptedAt: string | undefined;
  let interrupted = false;
  let stopped = false;
  let thinkMs = 0;
  let outcomes: ReadonlyMap<string, number> | undefined;
  if (entry.kind === 'journey') {
    let journey: Journey | undefined;
    let index = -1;
    try {
      journey = new (entry.target as JourneyClass)(user);
      outcomes = journey.outcomes;
      attachClient(journey, client.view({ outcomes: journey.outcomes }));
      if (journey.onStart !== undefined) await journey.onStart();
      const steps = journey.steps;
      const wait = journey.waitTime === 'user' ? user.waitTime : journey.waitTime;
      for (index = 0; index < steps.length; index++) {
        if (index > 0 && wait !== 'none') {
          const pending = think.wait(wait);
          const waited = typeof pending === 'number' ? pending : await pending;
          if (waited < 0) {
            // Cancelled while thinking: the journey ends here, unrecorded.
            stopped = true;
            break;
          }
          thinkMs += waited;
        }
        markStep(entry.name, index, journey, qualifiedStepName);
        await steps[index].call(journey);
      }
    } catch (error) {
      const where =
        journey === undefined ? '(constructor)' : index < 0 ? 'onStart' : stepName(journey, index);
      const end = recordThrown(error, `${entry.name}.${where}`, recorder, client.cancelled);
      if (end === 'interrupted') interrupted = true;
      else interruptedAt = where;
    }
    if (journey?.onStop !== undefined) {
      try {
        await journey.onStop();
      } catch (error) {
        recordThrown(error, `${entry.name}.onStop`, recorder, client.cancelled);
      }
    }
  } else {
    // A task counts its outcomes in the user's own view: emptied before, read after.
    client.clearOutcomes();
    try {
      await (entry.target as Task)(user);
    } catch (error) {
      const end = recordThrown(error, entry.name, recorder, client.cancelled);
      if (end === 'interrupted') interrupted = true;
      else interruptedAt = entry.name;
    }
    outcomes = client.countedOutcomes;
  }
  if (stopped || client.cancelled) return 'cut';
  const durationMs = performance.now() - start;
  think.context.lastJourneySeconds = durationMs / 1000;
  recorder.journey(
    entry.name,
    durationMs,
    interruptedAt,
    outcomes?.size ? outcomes : undefined,
    durationMs - thinkMs,
  );
  return interrupted ? 'interrupted' : 'done';
}

/** `Journey.step`, as a stuck thread is named (asked once per step of a thread, never per request). */
function qualifiedStepName(name: string, journey: Journey, index: number): string {
  return `${name}.${stepName(journey, index)}`;
}

function stepName(journey: Journey, index: number): string {
  const step = journey.steps[index];
  return step.name.replace(/^bound /, '') || `step ${index + 1}`;
}
