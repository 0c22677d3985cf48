/**
 * The one place a thrown error is looked at: what it means for what threw, and whether it
 * goes in the exceptions table. Each catch site of the engine (a step, `onStart`/`onStop`
 * of a journey or a user, a user's loop) hands its error here.
 */
import { isJourneyInterrupt } from '../api/journey.ts';
import { isRequestCancelled, isRequestFailed } from '../http/client-errors.ts';

/** Where thrown errors go that are not failed requests (the thread's `StatsRecorder` satisfies it). */
export interface ExceptionRecorder {
  exception(error: unknown, where: string): void;
}

/**
 * - `interrupted`: the journey's `interrupt()` — nothing recorded, not a failure;
 * - `cancelled`: the user was stopped under it — nothing recorded;
 * - `failed`: a failed request (recorded by the client already) or an exception (recorded now).
 */
export type ThrownEnd = 'interrupted' | 'cancelled' | 'failed';

/**
 * @param cancelled whether the user was cancelled: then any error is the stop's doing.
 * @example if (recordThrown(error, 'Checkout.pay', recorder, client.cancelled) === 'failed') interruptedAt = 'pay';
 */
export function recordThrown(
  error: unknown,
  where: string,
  recorder: ExceptionRecorder,
  cancelled: boolean,
): ThrownEnd {
  if (isJourneyInterrupt(error)) return 'interrupted';
  if (cancelled || isRequestCancelled(error)) return 'cancelled';
  if (!isRequestFailed(error)) recorder.exception(error, where);
  return 'failed';
}
