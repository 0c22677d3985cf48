/**
 * A user's start and end, the same in both load models: create it with its own view of the
 * client, run `onStart`; at the end run `onStop`. Failures there are recorded once, as
 * Locust records them.
 */

import type { User, UserClass, UserContext } from '../api/user.ts';
import type { Client } from '../http/client.ts';
import { recordThrown } from './record-error.ts';
import type { JourneyUser, LoopRecorder } from './run-journey.ts';
import { ThinkTime } from './think-time.ts';

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Creates a user and runs its `onStart`; undefined when either fails (as in Locust, a user
 * whose start fails does not run).
 * @example const running = await startUser(ShopUser, context, client, recorder);
 */
export async function startUser(
  userClass: UserClass,
  context: Omit<UserContext, 'client'>,
  client: Client,
  recorder: LoopRecorder,
): Promise<JourneyUser | undefined> {
  let user: User | undefined;
  // The user's `headers` are its own fields, set by its constructor: read on each request.
  const view = client.view({ headers: () => (user === undefined ? NO_HEADERS : user.headers) });
  try {
    const { host, id, seed, testData } = context;
    user = new userClass({ client: view, host, id, seed, testData });
    const started = user;
    const think = new ThinkTime(() => started.random());
    if (user.onStart !== undefined) await user.onStart();
    return { user, client: view, recorder, think };
  } catch (error) {
    recordThrown(error, `${userClass.name}.onStart`, recorder, client.cancelled);
    return undefined;
  }
}

/** Runs the user's `onStop`, if any, recording what it throws. */
export async function stopUser({ user, client, recorder }: JourneyUser, userClass: UserClass): Promise<void> {
  if (user.onStop === undefined) return;
  try {
    await user.onStop();
  } catch (error) {
    recordThrown(error, `${userClass.name}.onStop`, recorder, client.cancelled);
  }
}
