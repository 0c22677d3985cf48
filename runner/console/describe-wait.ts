/** A readable form of a user's wait time for `journeys list`, read off the function itself. */
import type { WaitTime } from '../api/wait.ts';

/**
 * Probes the wait function (it is plain code, so this is the only way to see inside):
 * random 0 and ~1 tell `between` from the rest; a journey that took a moment tells
 * `constantPacing` (waits less) from `constant`.
 * @example describeWaitTime(between(0.5, 2)) // 'between 0.5–2 s'
 */
export function describeWaitTime(waitTime: WaitTime): string {
  try {
    const low = waitTime({ lastJourneySeconds: 0, busySeconds: 0, random: () => 0 });
    const high = waitTime({ lastJourneySeconds: 0, busySeconds: 0, random: () => 0.9999999 });
    if (Math.abs(high - low) > 1e-3) return `between ${round(low)}–${round(high)} s`;
    const afterJourney = waitTime({ lastJourneySeconds: low / 2, busySeconds: low / 2, random: () => 0 });
    if (afterJourney < low) return `constant pacing ${round(low)} s`;
    return `constant ${round(low)} s`;
  } catch {
    return 'custom';
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}
