import { setTimeout as sleep } from 'node:timers/promises';

/** Which of two competing requests leaves first, and how many milliseconds before the other. */
export interface HeadStart {
  first: 0 | 1;
  leadMs: number;
}

/**
 * A fair, seeded head start for one of two racing requests: either side equally likely,
 * by a lead uniform in [0, maxMs). Without one, two requests sent in a fixed order reach
 * the service in that order nearly every time, and a race that always ends the same way
 * never tests its other end.
 *
 * @example const { first, leadMs } = headStart(() => this.user.random(), 250);
 */
export function headStart(random: () => number, maxMs: number): HeadStart {
  const first = random() < 0.5 ? 0 : 1;
  return { first, leadMs: random() * maxMs };
}

/** Sends both requests, the one that `start` names first and the other `leadMs` later; resolves with both answers in argument order. */
export async function raceWith<A, B>(
  start: HeadStart,
  sendA: () => Promise<A>,
  sendB: () => Promise<B>,
): Promise<[A, B]> {
  const later = async <T>(send: () => Promise<T>) => {
    await sleep(start.leadMs);
    return send();
  };
  const a = start.first === 0 ? sendA() : later(sendA);
  const b = start.first === 1 ? sendB() : later(sendB);
  // Both settle before either answer is used, so a failure of one never leaves the other in flight unseen.
  const [settledA, settledB] = await Promise.allSettled([a, b]);
  if (settledA.status === 'rejected') throw settledA.reason;
  if (settledB.status === 'rejected') throw settledB.reason;
  return [settledA.value, settledB.value];
}
