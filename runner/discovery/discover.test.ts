import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverUserClasses, UserModulesInvalid } from './discover.ts';

const RUNNER = new URL('../api/index.ts', import.meta.url).href;
const LOOP_USERS = new URL('../testing/loop-users.ts', import.meta.url).pathname;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-discover-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Writes a user module into its own folder of the temp dir and returns the folder. */
async function folderWith(name: string, files: Record<string, string>): Promise<string> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const [file, source] of Object.entries(files)) {
    await writeFile(join(folder, file), `import { Journey, User, between } from '${RUNNER}';\n${source}`);
  }
  return folder;
}

async function problemsOf(paths: string[]): Promise<UserModulesInvalid> {
  const error = await discoverUserClasses(paths).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserModulesInvalid);
  return error as UserModulesInvalid;
}

describe('discoverUserClasses', () => {
  it('lists the runnable user classes of a module with their journeys', async () => {
    const { users, modules } = await discoverUserClasses([LOOP_USERS]);
    expect(modules).toEqual([LOOP_USERS]);
    expect(users.map((u) => u.name)).toEqual([
      'CountingUser',
      'SlowUser',
      'HangingUser',
      'MixedUser',
      'ThinkingUser',
      'PacedUser',
    ]);
    const mixed = users.find((u) => u.name === 'MixedUser')!;
    expect(mixed).toMatchObject({ weight: 1, fixedCount: 0, host: '', module: LOOP_USERS });
    expect(mixed.journeys.map(({ name, weight, tags, kind }) => ({ name, weight, tags, kind }))).toEqual([
      { name: 'ThreeSteps', weight: 1, tags: [], kind: 'journey' },
      { name: 'InterruptsEarly', weight: 2, tags: ['quiet'], kind: 'journey' },
      { name: 'RaceForStock', weight: 7, tags: ['race'], kind: 'journey' },
    ]);
    const counting = users.find((u) => u.name === 'CountingUser')!;
    expect(counting.journeys.map((j) => [j.name, j.kind])).toEqual([
      ['RaceForStock', 'journey'],
      ['pingTask', 'task'],
    ]);
  });

  it('imports every .ts file of a folder except tests, and skips abstract classes', async () => {
    const folder = await folderWith('good', {
      'base.ts': `export class Base extends User { static isAbstract = true; static host = 'http://x'; }`,
      'shop.ts': `import { Base } from './base.ts';
        async function browse() {}
        export class Shopper extends Base { static weight = 3; journeys = [[browse, 1]] as const; waitTime = between(1, 2); }`,
      'shop.test.ts': `throw new Error('a test file must not be imported');`,
    });
    const { users, modules } = await discoverUserClasses([folder]);
    expect(users.map((u) => [u.name, u.weight, u.host])).toEqual([['Shopper', 3, 'http://x']]);
    expect(modules).toEqual([join(folder, 'shop.ts')]);
  });

  it('reports every problem, one error each with a code, naming file and class', async () => {
    const folder = await folderWith('bad', {
      'a-broken.ts': `export class Broken extends User { journeys = [[ ; }`,
      'b-entries.ts': `class NotAJourney {}
        class Fine extends Journey { steps = []; }
        export class BadEntries extends User { journeys = [[NotAJourney, 1], [Fine, 0]] as const; }`,
      'c-empty.ts': `export class Empty extends User {}`,
      'd-twin.ts': `async function t() {}
        export class Empty extends User { journeys = [[t, 1]] as const; }`,
    });
    const error = await problemsOf([folder, join(dir, 'missing')]);
    expect(error.code).toBe('USER_MODULES_INVALID');
    expect(error.errors.map((e) => e.code)).toEqual([
      'USER_MODULE_NOT_FOUND',
      'USER_MODULE_IMPORT_FAILED',
      'USER_JOURNEY_INVALID',
      'USER_JOURNEY_WEIGHT_INVALID',
      'USER_NO_JOURNEYS',
      'USER_CLASS_DUPLICATE',
    ]);
    expect(error.problems).toHaveLength(6);
    expect(error.problems[2]).toMatch(
      /b-entries\.ts: BadEntries: journeys\[0\] is neither a Journey subclass nor a function/,
    );
    expect(error.problems[3]).toMatch(/BadEntries: journeys\[1\] \(Fine\) has weight 0/);
    expect(error.problems[5]).toMatch(/d-twin\.ts: user class Empty is also defined in .*c-empty\.ts/);
  });

  it('refuses a file that exports no User class', async () => {
    const folder = await folderWith('none', { 'plain.ts': 'export const x = 1;' });
    const error = await problemsOf([join(folder, 'plain.ts')]);
    expect(error.code).toBe('USER_CLASSES_NONE');
    expect(error.problems[0]).toMatch(/plain\.ts: exports no User class/);
  });
});
