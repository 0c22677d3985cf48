/**
 * Profile mistakes that got past `validate` or ended in a stack trace: an alias bomb, a
 * `users_module` that does not exist, `threads: 100000`. Each is exit 2 and one line naming
 * the file, in `validate` and in `run` alike. Real child processes of the CLI.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys, writeProfile } from '../testing/cli-harness.ts';

const cli = cliBench('cli-profile-checks');

/** Ten aliases of ten aliases, six deep: a million values from a few lines. */
const bomb = [
  'name: bomb',
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  ...['b', 'c', 'd', 'e', 'f'].map(
    (name, i) => `${name}: &${name} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`,
  ),
  `g: [${Array(10).fill('*f').join(', ')}]`,
];

describe('profiles validate and run refuse alike, in one line', () => {
  it('a YAML alias bomb: exit 2, one line naming the file, no stack trace', async () => {
    const file = await writeProfile(join(cli.dir, 'bomb.yaml'), bomb);
    for (const args of [
      ['validate', file],
      ['run', '--profile', file, '-H', cli.target.url],
    ]) {
      const { code, stderr } = await journeys(args);
      expect(code, args[0]).toBe(2);
      expect(stderr).toBe(
        `error: ${file}: bad YAML: Excessive alias count indicates a resource exhaustion attack — write the values out instead of nesting aliases\n`,
      );
    }
  });

  it('a users_module that does not exist: validate exits 2 and run names the profile and line', async () => {
    const file = await writeProfile(join(cli.dir, 'nowhere.yaml'), [
      'name: nowhere',
      'users: 1',
      'users_module: no/such/users',
    ]);
    const line = `error: ${file}:3: users_module: no such file or folder "no/such/users" — a path relative to the working directory, or -f to override it\n`;
    const validate = await journeys(['validate', file]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toBe(line);
    const run = await journeys(['run', '--profile', file, '-H', cli.target.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(line);
  });

  it('threads over 4 per core: validate and run exit 2 naming the field and the cap; --max-threads lifts it', async () => {
    const file = await writeProfile(join(cli.dir, 'threads.yaml'), [
      'name: threads',
      'users: 1',
      'threads: 100000',
      'users_module: runner/testing/users',
    ]);
    const validate = await journeys(['validate', file]);
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(
      new RegExp(
        `^error: ${file}:3: threads: 100000 is more than the cap of \\d+ \\(4 per core, \\d+ core\\(s\\); .* --max-threads N\\n$`,
      ),
    );
    const run = await journeys(['run', '--profile', file, '-H', cli.target.url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: profile threads: threads: 100000 is more than the cap of \d+ .*\n$/);
    const flag = await journeys(cli.local('--threads 100000 -t 1s'));
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^error: --threads: 100000 is more than the cap of \d+/);
    // Lifted: the cap is not what stops it (3 threads on any machine of at least one core).
    const lifted = await journeys(
      cli.local(`Shopper --threads 3 --max-threads 3 -u 3 -i 3 --csv ${join(cli.dir, 'lifted')}`),
    );
    expect(lifted.stderr).toBe('');
    expect(lifted.code).toBe(0);
  }, 150_000);

  it('a journey file with a syntax error is named with its line and column, not only the module importing it', async () => {
    const folder = join(cli.dir, 'broken-users');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'shop.ts'), "import './checkout.ts';\nexport const shop = 1;\n");
    await writeFile(join(folder, 'checkout.ts'), 'export const a = 1;\n\nconst b: number = (;\n');
    const { code, stderr } = await journeys(['validate', join(folder, 'shop.ts')]);
    expect(code).toBe(2);
    expect(stderr).toContain(`broken-users/checkout.ts:3:20, imported by `);
    expect(stderr).toContain('cannot import: Expression expected');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
