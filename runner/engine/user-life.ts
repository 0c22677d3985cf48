/**
 * A user's start and end, the same in both load models: create it, run `onStart`; at the
 * end run `onStop`. Failures there are recorded once, as Locust records them.
 */

import type { User, UserClass, UserContext } from '../api/user.ts';
import type { Client } from '../http/client.ts';
import { codeOf, type LoopRecorder } from './run-journey.ts';

/**
 * Creates a user and runs its `onStart`; undefined when either fails (as in Locust, a user
 * whose start fails does not run).
 * @example const user = await startUser(ShopUser, context, client, recorder);
 */
export async function startUser(
  userClass: UserClass,
  context: Omit<UserContext, 'client'>,
  client: Client,
  recorder: LoopRecorder,
): Promise<User | undefined> {
  try {
    const { host, id, seed, testData } = context;
    const user = new userClass({ client, host, id, seed, testData });
    client.defaults = user;
    if (user.onStart !== undefined) await user.onStart();
    return user;
  } catch (error) {
    // A failed request is in the statistics already; a cancelled one is not a failure.
    if (!client.cancelled && codeOf(error) !== 'REQUEST_FAILED')
      recorder.exception(error, `${userClass.name}.onStart`);
    return undefined;
  }
}

/** Runs the user's `onStop`, if any, recording what it throws. */
export async function stopUser(
  user: User,
  userClass: UserClass,
  client: Client,
  recorder: LoopRecorder,
): Promise<void> {
  if (user.onStop === undefined) return;
  try {
    await user.onStop();
  } catch (error) {
    if (!client.cancelled && codeOf(error) !== 'REQUEST_FAILED')
      recorder.exception(error, `${userClass.name}.onStop`);
  }
}
