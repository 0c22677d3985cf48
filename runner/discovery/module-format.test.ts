import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverUserClasses } from './discover.ts';
import { commonJsProblem } from './module-format.ts';

const ES_MODULE = "import { User } from 'journeys-runner';\nexport class Shopper extends User {}\n";
const COMMON_JS = "const { User } = require('journeys-runner');\nmodule.exports = {};\n";

describe('a user module in a CommonJS package', () => {
  let scratch: string;

  /** A project folder with this package.json type (none when undefined) and one module. */
  async function project(name: string, type: string | undefined, file: string, source: string) {
    const dir = join(scratch, name);
    await mkdir(join(dir, 'load'), { recursive: true });
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify(type === undefined ? { name } : { name, type }),
    );
    await writeFile(join(dir, 'load', file), source);
    return join(dir, 'load', file);
  }

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'journeys-module-format-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('names the package.json and the command that fixes it', async () => {
    const file = await project('cjs', 'commonjs', 'users.ts', ES_MODULE);
    const problem = await commonJsProblem(file);
    expect(problem?.code).toBe('USER_MODULE_COMMONJS');
    expect(problem?.message).toContain(join(scratch, 'cjs', 'package.json').replace(`${process.cwd()}/`, ''));
    expect(problem?.message).toContain('npm pkg set type=module');
  });

  it('lets pass what Node loads as it is written', async () => {
    expect(await commonJsProblem(await project('esm', 'module', 'users.ts', ES_MODULE))).toBeUndefined();
    // No "type": Node detects the module syntax itself.
    expect(
      await commonJsProblem(await project('typeless', undefined, 'users.ts', ES_MODULE)),
    ).toBeUndefined();
    expect(await commonJsProblem(await project('mts', 'commonjs', 'users.mts', ES_MODULE))).toBeUndefined();
    expect(
      await commonJsProblem(await project('require', 'commonjs', 'users.ts', COMMON_JS)),
    ).toBeUndefined();
  });

  it('is reported by discovery in one line, without importing the module', async () => {
    const file = await project('discover', 'commonjs', 'users.ts', ES_MODULE);
    const failure = await discoverUserClasses([file]).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'USER_MODULE_COMMONJS' });
    expect((failure as { problems: string[] }).problems).toHaveLength(1);
  });
});
