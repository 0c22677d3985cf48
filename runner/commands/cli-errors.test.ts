/**
 * A mistake ends in one line per problem and exit 2 (3 for a target that does not answer);
 * `journeys list` and `journeys validate`. Real child processes of the CLI
 * (runner/testing/cli-harness.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys, users, writeProfile } from '../testing/cli-harness.ts';

const cli = cliBench('cli-errors');

describe('journeys run — mistakes end in one line', () => {
  it('exit 2 for an unknown user class', async () => {
    const { code, stderr } = await journeys(cli.local('Shoper'));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: unknown user class "Shoper" \(.*testing\/users\) — did you mean Shopper\?/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exit 2 for an unknown flag or a bad value', async () => {
    const unknown = await journeys(['run', '--userz', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option '--userz'/);
    const bad = await journeys(['run', '-u', 'many', '-t', '5x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --users: must be a positive integer, got "many"');
    expect(bad.stderr).toContain('error: --run-time: "5x" is not a duration');
  });

  it('exit 2 for a bad profile, naming file, line and field', async () => {
    const profile = join(cli.dir, 'bad.yaml');
    await writeFile(profile, 'name: bad\nusers: lots\nspwan_rate: 2\n');
    const { code, stderr } = await journeys(['run', '--profile', profile, '-H', cli.target.url]);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((line) => line.startsWith(`error: ${profile}:`))).toBe(true);
    expect(stderr).toMatch(/bad\.yaml:2: users/);
    expect(stderr).toMatch(/bad\.yaml:3: .*spwan_rate/);
  });

  it('exit 3 when the target does not answer', async () => {
    const { code, stderr } = await journeys(['run', '-f', users, 'Shopper', '-H', 'http://127.0.0.1:1']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: target http:\/\/127\.0\.0\.1:1 is unreachable: ECONNREFUSED/);
  });
});

describe('journeys list and validate', () => {
  it('lists user classes with weights and waits, journeys with tags and steps', async () => {
    const { code, stdout } = await journeys(['list', '-f', users]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Shopper +weight 1 +constant 0\.02 s/m);
    expect(stdout).toMatch(/^ {2}Browse +weight 1 +2 steps/m);
    expect(stdout).toMatch(/^ {2}Breaks +weight 1 +2 steps +tags broken/m);
    expect(stdout).toContain('Profiles');
  });

  it('reports every problem of profiles and modules, one line each, exit 2', async () => {
    const good = join(cli.dir, 'good.yaml');
    await writeFile(good, 'name: good\nusers: 2\nduration: 10s\n');
    const ok = await journeys(['validate', good, users]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok: 1 profile(s), 3 user class(es)\n');
    const bad = join(cli.dir, 'broken.yaml');
    await writeFile(bad, 'name: broken\nduration: 10 minutes\nthresholds: ["p95 <> 3"]\n');
    const failed = await journeys(['validate', bad, join(cli.dir, 'missing.ts')]);
    expect(failed.code).toBe(2);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/broken\.yaml:2: .*duration/);
    expect(lines[1]).toMatch(/broken\.yaml:3: .*p95 <> 3/);
    expect(lines[2]).toMatch(/missing\.ts: no such file or folder/);
  });

  it('checks user_classes against the users module; run names every unknown class the same way', async () => {
    const profile = await writeProfile(join(cli.dir, 'classes.yaml'), [
      'name: classes',
      `users_module: ${users}`,
      'user_classes:',
      '  NoSuch: 1',
      '  shopper: 2',
      '  Racer: 1',
    ]);
    const expected = [
      `error: ${profile}:4: user_classes.NoSuch: unknown user class "NoSuch" in ${users} (\`journeys list\` shows the classes)`,
      `error: ${profile}:5: user_classes.shopper: unknown user class "shopper" in ${users} (did you mean "Shopper"?)`,
    ];
    const validated = await journeys(['validate', profile]);
    expect(validated.code).toBe(2);
    expect(validated.stderr.trim().split('\n')).toEqual(expected);
    const ran = await journeys(['run', '--profile', profile, '-H', cli.target.url]);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toEqual(expected);
    expect(cli.target.served.size).toBe(0);
  });

  it('names every unknown class given on the command line at once', async () => {
    const { code, stderr } = await journeys(cli.local('Shoper Racr'));
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^error: unknown user class "Shoper" \(.*testing\/users\) — did you mean Shopper\?/,
    );
    expect(lines[1]).toMatch(/^error: unknown user class "Racr" \(.*testing\/users\) — did you mean Racer\?/);
  });
});
