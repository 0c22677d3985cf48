/** A user whose task crashes its worker thread (an error thrown outside any journey). */
import { User } from '../api/index.ts';
import { constant } from '../api/wait.ts';

export function crashTheThread(): Promise<void> {
  setTimeout(() => {
    throw new Error('boom outside any journey');
  }, 0);
  return new Promise((resolve) => setTimeout(resolve, 1_000));
}

export class CrashingUser extends User {
  journeys = [[crashTheThread, 1]] as const;
  waitTime = constant(1);
}

/** A task that forgets to await a promise that rejects. */
export async function forgetToAwait(): Promise<void> {
  Promise.reject(new Error('forgotten promise'));
}

export class ForgetfulUser extends User {
  journeys = [[forgetToAwait, 1]] as const;
  waitTime = constant(0.01);
}
