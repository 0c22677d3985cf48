/**
 * `journeys init [folder]` (as `k6 new` or `npm init playwright`): what a first load test
 * needs, in an empty or an existing project — package.json fields, a tsconfig.json that
 * type-checks, `load/users.ts`, a profile, the `.npmrc` that lets signals through npx, and
 * a README of the three commands to run. It never overwrites a file: each one that exists
 * is skipped with a line saying so.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { RunnerError } from '../errors.ts';
import { completePackageJson } from './init-package-json.ts';

type Print = (line: string) => void;

const TEMPLATE = fileURLToPath(new URL('./init-template/', import.meta.url));

/** npm never packs a `.npmrc` and renames `.gitignore`: the template keeps them without the dot. */
const DOTFILES: Record<string, string> = { npmrc: '.npmrc', gitignore: '.gitignore' };

/** Writes the project's files into `folder`; returns the lines to print, one per file. */
export async function initProject(folder: string): Promise<string[]> {
  const root = resolve(folder);
  await mkdir(root, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new RunnerError(`cannot create the folder: ${error.code ?? error.message}`, {
      code: 'OUTPUT_PATH_INVALID',
      where: folder,
    });
  });
  const lines: string[] = [];
  const shown = (path: string) => relative(process.cwd(), path) || path;

  const manifestPath = join(root, 'package.json');
  const existing = await readFile(manifestPath, 'utf8').catch(() => undefined);
  let completed: ReturnType<typeof completePackageJson>;
  try {
    completed = completePackageJson(existing, root);
  } catch (error) {
    throw new RunnerError(`package.json is not JSON: ${(error as Error).message}`, {
      code: 'OUTPUT_PATH_INVALID',
      where: shown(manifestPath),
    });
  }
  if (existing === undefined) {
    await writeFile(manifestPath, completed.json);
    lines.push(`wrote ${shown(manifestPath)} (${completed.changes.join(', ')})`);
  } else if (completed.changes.length > 0) {
    await writeFile(manifestPath, completed.json);
    lines.push(`updated ${shown(manifestPath)}: ${completed.changes.join(', ')}`);
  } else {
    lines.push(`skipped ${shown(manifestPath)}: it has the type and dependencies already`);
  }

  const templateFiles = (await readdir(TEMPLATE, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => relative(TEMPLATE, join(entry.parentPath, entry.name)))
    .sort();
  for (const file of templateFiles) {
    const target = join(root, DOTFILES[file] ?? file);
    await mkdir(dirname(target), { recursive: true });
    // 'wx': the create fails if the file exists, with no window between a check and the write.
    const written = await writeFile(target, await readFile(join(TEMPLATE, file)), { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    lines.push(written ? `wrote ${shown(target)}` : `skipped ${shown(target)}: it exists`);
  }
  return lines;
}

/** @example addInitCommand(program) */
export function addInitCommand(program: Command, print: Print = (line) => process.stdout.write(`${line}\n`)) {
  program
    .command('init')
    .description('write a first load test into a folder (default: this one); never overwrites a file')
    .argument('[folder]', 'the project folder', '.')
    .action(async (folder: string) => {
      for (const line of await initProject(folder)) print(line);
      print('next: npm install, then npx journeys run -H http://127.0.0.1:8080 -u 2 -t 10s (see README.md)');
    });
}
