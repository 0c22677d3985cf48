/**
 * The runner as a user runs it: `npm run build` once, then the package laid out in
 * `node_modules/journeys-runner` of a scratch project — `runner/bin.js`, the compiled
 * `dist/` and `package.json`, as `npm pack` ships them — so a benchmark measures the
 * compiled JavaScript and not Node stripping this repository's TypeScript at load.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '../..');

export interface ConsumerProject {
  /** The installed command: `node <bin> run …`. */
  bin: string;
  /** The installed package's root (its `dist/` holds the compiled modules). */
  pkg: string;
}

/** Builds the package and installs it into `dir`, a fresh ESM project. */
export function consumerProject(dir: string): ConsumerProject {
  execFileSync(process.execPath, [join(repo, 'scripts/build-package.ts')], { stdio: 'ignore' });
  const pkg = join(dir, 'node_modules', 'journeys-runner');
  mkdirSync(join(pkg, 'runner'), { recursive: true });
  cpSync(join(repo, 'runner', 'bin.js'), join(pkg, 'runner', 'bin.js'));
  cpSync(join(repo, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(repo, 'package.json'), join(pkg, 'package.json'));
  // Its dependencies are this repository's (the same versions a consumer's install resolves).
  symlinkSync(join(repo, 'node_modules'), join(pkg, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, type: 'module' }));
  return { bin: join(pkg, 'runner', 'bin.js'), pkg };
}
