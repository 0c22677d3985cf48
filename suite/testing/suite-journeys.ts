/**
 * Test support: the journeys the suite's user classes run, read from the classes
 * themselves (each module in `users/`, each exported user class, its `journeys`) — so a
 * journey added to a user class is expected to run without anyone updating a count.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type HttpClient, Journey, User, type UserContext } from 'journeys-runner';

const USERS = fileURLToPath(new URL('../../users/', import.meta.url));

/** A client that refuses every request: listing journeys sends none. */
const NO_REQUESTS = new Proxy({} as HttpClient, {
  get: () => () => Promise.reject(new Error('no requests while journeys are listed')),
});

/** Journey name → the user classes that run it, with its weight there (`OrderingUser 5`). */
export async function suiteJourneys(): Promise<Map<string, string[]>> {
  const journeys = new Map<string, string[]>();
  const files = (await readdir(USERS)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  for (const file of files.sort()) {
    const module: Record<string, unknown> = await import(pathToFileURL(join(USERS, file)).href);
    for (const exported of Object.values(module)) {
      if (typeof exported !== 'function' || !(exported.prototype instanceof User)) continue;
      const userClass = exported as typeof User & (new (context: UserContext) => User);
      // `isAbstract` marks the class that sets it, not its subclasses (as Locust's `abstract`).
      if (Object.hasOwn(userClass, 'isAbstract') && userClass.isAbstract) continue;
      const context: UserContext = { client: NO_REQUESTS, host: '', id: 0, seed: 1, testData: {} };
      for (const [entry, weight] of new userClass(context).journeys) {
        if (typeof entry !== 'function' || !(entry.prototype instanceof Journey)) continue;
        const users = journeys.get(entry.name) ?? [];
        journeys.set(entry.name, [...users, `${userClass.name} ${weight}`]);
      }
    }
  }
  return journeys;
}
