/**
 * `journeys list`: the user classes (weights, wait times), their journeys (tags, steps)
 * and the profiles (descriptions) a run can use.
 */
import { relative } from 'node:path';
import type { JourneyClass } from '../api/journey.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import type { HttpClient } from '../http/client.ts';
import { describeWaitTime } from './describe-wait.ts';
import { renderTable } from './table.ts';

const offline: HttpClient = new Proxy({} as HttpClient, {
  get: () => () => Promise.reject(new Error('no requests while listing')),
});

/**
 * The user classes and their journeys, then the profiles when given (`run --list` leaves them out).
 * @example for (const line of listLines(users, await listProfiles())) console.log(line);
 */
export function listLines(
  users: readonly DiscoveredUser[],
  profiles?: readonly { name: string; description?: string }[],
): string[] {
  const lines = ['User classes'];
  const rows: string[][] = [];
  for (const user of users) {
    const instance = new user.userClass({ client: offline, host: user.host, id: -1, seed: 0, testData: {} });
    const share = user.fixedCount > 0 ? `count ${user.fixedCount}` : `weight ${user.weight}`;
    rows.push([user.name, share, describeWaitTime(instance.waitTime), relative(process.cwd(), user.module)]);
    for (const journey of user.journeys) {
      const steps =
        journey.kind === 'journey' ? new (journey.target as JourneyClass)(instance).steps.length : 1;
      const tags = journey.tags.length > 0 ? `tags ${journey.tags.join(', ')}` : '';
      rows.push([
        `  ${journey.name}`,
        `weight ${journey.weight}`,
        `${steps} step${steps === 1 ? '' : 's'}`,
        tags,
      ]);
    }
  }
  lines.push(
    ...renderTable(
      [
        { header: 'Class / journey' },
        { header: 'Share' },
        { header: 'Wait / steps' },
        { header: 'Module / tags' },
      ],
      rows,
    ),
  );
  if (profiles === undefined) return lines;
  lines.push('', 'Profiles');
  lines.push(
    ...renderTable(
      [{ header: 'Name' }, { header: 'Description', maxWidth: 120 }],
      profiles.map((profile) => [profile.name, profile.description ?? '']),
    ),
  );
  return lines;
}
