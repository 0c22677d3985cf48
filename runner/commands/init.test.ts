/**
 * `journeys init` into real folders: what it writes, that it never overwrites, and that what
 * it writes is a valid project — its profile passes `validate`, its users module has one user
 * class with two journeys. (The package test type-checks and runs it from the packed package.)
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverUserClasses } from '../discovery/discover.ts';
import { initProject } from './init.ts';
import { projectDevDependencies } from './init-package-json.ts';
import { validatePaths } from './validate.ts';

const FILES = [
  '.gitignore',
  '.npmrc',
  'README.md',
  'load/users.ts',
  'package.json',
  'profiles/smoke.yaml',
  'tsconfig.json',
];

describe('journeys init', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'journeys-init-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  const filesIn = async (dir: string) =>
    (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
      .sort();

  it('writes a whole first project into an empty folder', async () => {
    const dir = join(scratch, 'empty');
    const lines = await initProject(dir);
    expect(await filesIn(dir)).toEqual(FILES);
    expect(lines).toHaveLength(FILES.length);
    expect(lines.every((line) => line.startsWith('wrote '))).toBe(true);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'empty',
      type: 'module',
      devDependencies: projectDevDependencies(),
    });
    expect(await readFile(join(dir, '.npmrc'), 'utf8')).toMatch(/^script-shell=bash$/m);
    const tsconfig = JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ strict: true, noEmit: true });
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toContain('npx journeys run -H');
  });

  it('writes a users module of one user class with two journeys, and a profile that validates', async () => {
    const dir = join(scratch, 'empty');
    // The written file is the template's bytes; the template is discovered where `journeys-runner`
    // resolves (a project outside this repository has it installed: the package test runs that).
    const template = join(import.meta.dirname, 'init-template', 'load', 'users.ts');
    const source = await readFile(join(dir, 'load', 'users.ts'), 'utf8');
    expect(source).toBe(await readFile(template, 'utf8'));
    const { users } = await discoverUserClasses([template]);
    expect(users.map((user) => [user.name, user.journeys.length])).toEqual([['Visitor', 2]]);
    for (const word of ['between(', 'expect:', 'name:', '.json']) expect(source).toContain(word);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(await validatePaths(['profiles/smoke.yaml'])).toMatchObject({ problems: [], profiles: 1 });
    } finally {
      process.chdir(cwd);
    }
  });

  it('never overwrites: a second init skips every file, one line each', async () => {
    const dir = join(scratch, 'empty');
    await writeFile(join(dir, 'load', 'users.ts'), '// mine\n');
    const lines = await initProject(dir);
    expect(lines).toHaveLength(FILES.length);
    expect(lines.every((line) => line.startsWith('skipped '))).toBe(true);
    expect(await readFile(join(dir, 'load', 'users.ts'), 'utf8')).toBe('// mine\n');
  });

  it("completes an existing package.json (npm init's commonjs) and keeps the rest of it", async () => {
    const dir = join(scratch, 'existing');
    await mkdir(dir);
    const own = { name: 'shop', version: '2.0.0', type: 'commonjs', scripts: { test: 'x' } };
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ ...own, devDependencies: { typescript: '5.9.3' } }),
    );
    const lines = await initProject(dir);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ ...own, type: 'module' });
    expect(manifest.devDependencies.typescript).toBe('5.9.3');
    expect(Object.keys(manifest.devDependencies).sort()).toEqual([
      '@types/node',
      'journeys-runner',
      'typescript',
    ]);
    expect(lines[0]).toMatch(
      /^updated \S*package\.json: type: commonjs → module, devDependencies journeys-runner@/,
    );
  });
});
