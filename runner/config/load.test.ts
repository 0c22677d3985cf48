import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunnerError } from '../errors.ts';
import { ProfileError } from './errors.ts';
import { listProfiles, loadProfile, parseProfile } from './load.ts';

const testdata = 'runner/testing/profiles';

/** Every kind of mistake at once. Written at test time: broken YAML cannot sit in the tree (Biome parses it). */
const badProfile = `# line 1
name: Bad Profile
user_classes:
  FlashSaleUser: { weight: 0 }
  "not a class": 1
users: ten
spwan_rate: 5
duration: 2x
stages:
  - { duration: 1m, users: 10 }
  - { duration: 30 s, user: 5 }
thresholds:
  - p95<500ms
  - p95<<3
  - "GET /orders/{id}: p95<300"
  - fail_rate<0.01
stop_timeout: -3
abort_on_threshold: maybe
host: ftp://example.com
tags: [a, b, a]
seed: [1, 2
`;

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function writeTemp(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'profile-'));
  tempDirs.push(dir);
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

async function problemsOf(load: () => unknown): Promise<string[]> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as ProfileError).code).toBe('PROFILE_INVALID');
    expect((error as ProfileError).exitCode).toBe(2);
    return [...(error as ProfileError).problems];
  }
  throw new Error('expected a ProfileError');
}

describe('loadProfile', () => {
  it('loads a good profile by path', async () => {
    const profile = await loadProfile(`${testdata}/good.yaml`);
    expect(profile).toMatchObject({
      name: 'checkout-mix',
      user_classes: { OrderingUser: 3, PaymentsUser: { weight: 1 }, FlashSaleUser: { count: 2 } },
      users: 20,
      spawn_rate: 4,
      duration: '1h30m',
      abort_on_threshold: '30s',
    });
    expect(profile.thresholds).toHaveLength(5);
  });

  it('finds a bare name in the profiles folder', async () => {
    const profile = await loadProfile('staged', { profilesDir: testdata });
    expect(profile.name).toBe('day');
  });

  it('reports every problem of a bad profile at once, one line each with file, line and field', async () => {
    const file = await writeTemp('bad.yaml', badProfile);
    expect(await problemsOf(() => loadProfile(file))).toEqual([
      `${file}:2: name: must be lowercase letters, digits and dashes, like "flash-sale" (got "Bad Profile")`,
      `${file}:4: user_classes.FlashSaleUser: must be a weight (a number > 0), { weight: n > 0 } or { count: n ≥ 1 } (got {"weight":0})`,
      `${file}:5: user_classes: "not a class" is not a class name (use the exported class's name, like FlashSaleUser)`,
      `${file}:6: users: cannot be combined with stages (each stage sets its own users, spawn_rate and duration)`,
      `${file}:6: users: must be an integer (got "ten")`,
      `${file}:7: unknown field "spwan_rate" (did you mean "spawn_rate"?)`,
      `${file}:8: duration: cannot be combined with stages (each stage sets its own users, spawn_rate and duration)`,
      `${file}:8: duration: "2x" is not a duration (unknown unit "x"; units are h, m and s)`,
      `${file}:11: stages[1]: unknown field "user" (did you mean "users"?)`,
      `${file}:11: stages[1].duration: "30 s" is not a duration (write 15s, 2m, 1h30m or plain seconds, units in the order h, m, s)`,
      `${file}:11: stages[1]: missing required field "users" (or "arrival_rate", for the open model)`,
      `${file}:14: thresholds[1]: threshold "p95<<3": expected a number after "<"`,
      `${file}:16: thresholds[3]: threshold "fail_rate<0.01": unknown metric "fail_rate" (did you mean "fail_ratio"?); metrics are p50…p100, p(95), avg, med, min, max, fail_ratio, rps, count, journey_p95…, journey_avg, interrupt_ratio, dropped_ratio, dropped, start_lag_p95…, start_lag_avg`,
      `${file}:17: stop_timeout: -3 is not a duration (seconds must be a number ≥ 0)`,
      `${file}:18: abort_on_threshold: must be true, false or a grace duration like 30s (got "maybe")`,
      `${file}:19: host: must be an http:// or https:// URL, like "http://127.0.0.1:8000" (got "ftp://example.com")`,
      `${file}:20: tags: lists "a" twice`,
      `${file}:21: seed: must be an integer (got [1,2])`,
      `${file}:22:1: bad YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
  });

  it('says which file and how many problems in the message, showing paths under the working directory relative', async () => {
    await expect(loadProfile(await writeTemp('bad.yaml', badProfile))).rejects.toThrow(
      / is invalid \(19 problems\):\n/,
    );
    const error = await loadProfile(`${testdata}/staged.yaml`.replace('staged', 'missing')).catch(
      (thrown) => thrown,
    );
    expect(error.where).toBe('runner/testing/profiles/missing.yaml');
  });

  it('says PROFILE_NOT_FOUND with the profiles there are', async () => {
    const error = await loadProfile('nope', { profilesDir: testdata }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RunnerError);
    expect(error).toMatchObject({
      code: 'PROFILE_NOT_FOUND',
      message: 'profile "nope" not found',
      where: `${testdata}/nope.yaml`,
      hint: 'available: good, staged',
    });
  });

  it('accepts an absolute path, and shows it whole in messages', async () => {
    const file = await writeTemp('mine.yaml', 'name: mine\nusers: 3\n');
    expect(await loadProfile(file)).toEqual({ name: 'mine', users: 3 });
    await writeFile(file, 'name: mine\nusers: -3\n');
    expect(await problemsOf(() => loadProfile(file))).toEqual([
      `${file}:2: users: must be at least 1 (got -3)`,
    ]);
  });
});

describe('parseProfile', () => {
  const problems = (text: string) => problemsOf(() => parseProfile(text, 'p.yaml'));

  it('names a missing name at the top', async () => {
    expect(await problems('users: 5\n')).toEqual(['p.yaml:1: missing required field "name"']);
  });

  it('refuses an empty file and a file that is not a mapping', async () => {
    expect(await problems('')).toEqual([
      'p.yaml:1: profile: must be a mapping of fields (name: …, users: …) (got nothing)',
    ]);
    expect(await problems('- a\n- b\n')).toEqual([
      'p.yaml:1: profile: must be a mapping of fields (name: …, users: …) (got ["a","b"])',
    ]);
  });

  it('reports YAML syntax errors with line and column, and keeps checking the rest', async () => {
    expect(await problems('name: x\nusers: 1\nusers: 2\nspawn_rate: fast\n')).toEqual([
      'p.yaml:3:1: bad YAML: Map keys must be unique',
      'p.yaml:4: spawn_rate: must be a number (got "fast")',
    ]);
  });

  it('does not pile guesses on a line YAML could not read', async () => {
    expect(await problems('name: x\n\tusers: 1\n')).toEqual([
      'p.yaml:2:1: bad YAML: Tabs are not allowed as indentation',
    ]);
  });

  it('refuses stages together with users, spawn_rate or duration, naming each', async () => {
    const text = 'name: x\nusers: 5\nspawn_rate: 1\nduration: 1m\nstages:\n  - { duration: 1m, users: 3 }\n';
    expect(await problems(text)).toEqual([
      'p.yaml:2: users: cannot be combined with stages (each stage sets its own users, spawn_rate and duration)',
      'p.yaml:3: spawn_rate: cannot be combined with stages (each stage sets its own users, spawn_rate and duration)',
      'p.yaml:4: duration: cannot be combined with stages (each stage sets its own users, spawn_rate and duration)',
    ]);
  });

  it('refuses arrival_rate with the closed model fields', async () => {
    expect(await problems('name: x\narrival_rate: 5\nusers: 3\n')).toEqual([
      'p.yaml:3: users: cannot be combined with arrival_rate (the open model starts journeys at a rate, not users; cap the users in flight with max_users)',
    ]);
    expect(
      parseProfile('name: x\narrival_rate: { rate: 5, max_users: 40 }\nduration: 1m\n', 'p.yaml'),
    ).toMatchObject({
      arrival_rate: { rate: 5, max_users: 40 },
    });
  });

  it('accepts open-model stages and max_users', () => {
    const text =
      'name: x\nmax_users: 30\nstages:\n  - { duration: 10s, arrival_rate: 5 }\n  - { duration: 0, arrival_rate: 0 }\n';
    expect(parseProfile(text, 'p.yaml')).toMatchObject({
      max_users: 30,
      stages: [
        { duration: '10s', arrival_rate: 5 },
        { duration: 0, arrival_rate: 0 },
      ],
    });
  });

  it('reports every open-model mistake on its own line, naming line and field', async () => {
    const text = [
      'name: x',
      'stages:',
      '  - { duration: 10s, arrival_rate: 5 }',
      '  - { duration: 10s, users: 5 }',
      '  - { duration: 5s, arrival_rate: 5, spawn_rate: 2 }',
      '  - { duration: 5s }',
      '  - { duration: 5s, arrival_rate: fast }',
      'max_users: 2.5',
      '',
    ].join('\n');
    expect(await problems(text)).toEqual([
      'p.yaml:4: stages[1]: sets users but stages[0] sets arrival_rate: a run is either closed (users) or open (arrival_rate)',
      'p.yaml:5: stages[2].spawn_rate: cannot be combined with arrival_rate (the open model starts journeys at a rate, not users; cap the users in flight with max_users)',
      'p.yaml:6: stages[3]: missing required field "users" (or "arrival_rate", for the open model)',
      'p.yaml:7: stages[4].arrival_rate: must be a number (got "fast")',
      'p.yaml:8: max_users: must be an integer (got 2.5)',
    ]);
    expect(await problems('name: x\narrival_rate: { rate: 5, max_users: 10 }\nmax_users: 20\n')).toEqual([
      'p.yaml:3: max_users: given twice (here and as arrival_rate.max_users); keep one',
    ]);
    expect(await problems('name: x\nusers: 3\nmax_users: 20\n')).toEqual([
      'p.yaml:2: users: cannot be combined with max_users (max_users caps the open model, where the closed model sets users)',
      'p.yaml:3: max_users: only for the open model (arrival_rate, or stages with arrival_rate); the closed model sets users',
    ]);
    expect(await problems('name: x\narrival_rate: 0\n')).toEqual([
      'p.yaml:2: arrival_rate: must be journeys per second (a number > 0) or { rate: n, max_users: n } (got 0)',
    ]);
  });

  it('refuses a run of zero seconds', async () => {
    expect(await problems('name: x\nduration: 0s\n')).toEqual([
      'p.yaml:2: duration: must be more than 0 seconds (leave it out to run until Ctrl-C)',
    ]);
  });

  it('names the field of an empty value or a wrong shape', async () => {
    expect(await problems('name: x\nusers:\nuser_classes: []\nthresholds: p95<3\ntags: [""]\n')).toEqual([
      'p.yaml:2: users: must be an integer (got nothing)',
      'p.yaml:3: user_classes: must be a mapping (got [])',
      'p.yaml:4: thresholds: must be a list (got "p95<3")',
      'p.yaml:5: tags[0]: must not be empty',
    ]);
  });

  it('checks numbers: users, spawn rate, counts', async () => {
    const text =
      'name: x\nusers: 0\nspawn_rate: 0\nuser_classes:\n  A: { count: 1.5 }\n  B: -1\nthreads: 2.5\n';
    expect(await problems(text)).toEqual([
      'p.yaml:2: users: must be at least 1 (got 0)',
      'p.yaml:3: spawn_rate: must be more than 0 (got 0)',
      'p.yaml:5: user_classes.A: must be a weight (a number > 0), { weight: n > 0 } or { count: n ≥ 1 } (got {"count":1.5})',
      'p.yaml:6: user_classes.B: must be a weight (a number > 0), { weight: n > 0 } or { count: n ≥ 1 } (got -1)',
      'p.yaml:7: threads: must be an integer (got 2.5)',
    ]);
  });

  it('accepts every duration form', () => {
    const profile = parseProfile(
      'name: x\nduration: 1h 30m\nstop_timeout: 1.5s\nabort_on_threshold: true\n',
      'p.yaml',
    );
    expect(profile).toMatchObject({ duration: '1h 30m', stop_timeout: '1.5s', abort_on_threshold: true });
    expect(parseProfile('name: x\nduration: 90\n', 'p.yaml').duration).toBe(90);
  });
});

describe('listProfiles', () => {
  it('lists the yaml files of a folder with their descriptions', async () => {
    const profiles = await listProfiles({ profilesDir: testdata });
    expect(profiles.map((profile) => profile.name)).toEqual(['good', 'staged']);
    expect(profiles[0].description).toBe('Orders and payments, with thresholds');
  });
});
