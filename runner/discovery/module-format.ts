/**
 * A user module written as an ES module (`import`/`export`) in a package that declares
 * `"type": "commonjs"` — what `npm init -y` writes — fails to import with Node's
 * "Cannot use import statement outside a module" and a warning that names no fix. Caught
 * before the import, it is one line that names the package.json and the command to run.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { RunnerError } from '../errors.ts';

/** Only these extensions take their format from package.json; `.mts`/`.mjs` are always ES modules. */
const FORMAT_FROM_PACKAGE = /\.(ts|js)$/;
const ES_MODULE_SYNTAX = /^\s*(import\s*[\w{*'"]|export\s)/m;

/** The nearest package.json above `file` and its `type`, or undefined when there is none. */
async function nearestPackage(file: string): Promise<{ path: string; type: unknown } | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        return { path, type: (JSON.parse(text) as { type?: unknown }).type };
      } catch {
        return undefined; // Node names a broken package.json itself, better than we would.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The problem of an ES module `file` that Node would load as CommonJS, or undefined.
 * @example await commonJsProblem('/project/load/users.ts') // RunnerError USER_MODULE_COMMONJS
 */
export async function commonJsProblem(file: string): Promise<RunnerError | undefined> {
  if (!FORMAT_FROM_PACKAGE.test(file)) return undefined;
  const pkg = await nearestPackage(file);
  if (pkg?.type !== 'commonjs') return undefined;
  const source = await readFile(file, 'utf8').catch(() => '');
  if (!ES_MODULE_SYNTAX.test(source)) return undefined;
  const where = relative(process.cwd(), file) || file;
  const manifest = relative(process.cwd(), pkg.path) || pkg.path;
  return new RunnerError(
    `an ES module (import/export) in a CommonJS package: ${manifest} says "type": "commonjs" — ` +
      `set "type": "module" there (npm pkg set type=module)`,
    { code: 'USER_MODULE_COMMONJS', where },
  );
}
