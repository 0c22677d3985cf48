/**
 * Before any user starts: every place a run will write (the `--csv` prefix's folder, the
 * results folder, `--html`, `--junit`) can be created and written. A mistyped path then
 * costs a second and one line, not a whole run and a stack trace at its end.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunnerError } from '../errors.ts';

export interface OutputLocations {
  csvPrefix?: string;
  resultsDir: string;
  htmlFile?: string;
  junitFile?: string;
}

/**
 * Throws one RunnerError (exit 2) listing every location that cannot be written, each as
 * `--flag PATH: why`; creates nothing.
 * @example await checkOutputLocations({ csvPrefix: '/tmp/afile/r', resultsDir: 'results' });
 * // error: --csv /tmp/afile/r: /tmp/afile is a file, not a folder
 */
export async function checkOutputLocations(output: OutputLocations): Promise<void> {
  const checks: [flag: string, path: string, problem: Promise<string | undefined>][] = [];
  if (output.csvPrefix) {
    // The folder the PREFIX_* files land in (`--csv out/` writes out/_stats.csv …).
    checks.push(['--csv', output.csvPrefix, folderProblem(dirname(`${output.csvPrefix}_stats.csv`))]);
  } else {
    checks.push(['--results-dir', output.resultsDir, folderProblem(output.resultsDir)]);
  }
  if (output.htmlFile) checks.push(['--html', output.htmlFile, fileProblem(output.htmlFile)]);
  if (output.junitFile) checks.push(['--junit', output.junitFile, fileProblem(output.junitFile)]);
  const problems: string[] = [];
  for (const [flag, path, problem] of checks) {
    const why = await problem;
    if (why) problems.push(`${flag} ${path}: ${why}`);
  }
  if (problems.length > 0) {
    throw new RunnerError(problems.join('; '), { code: 'OUTPUT_PATH_INVALID', problems });
  }
}

/** Why `file` cannot be written, or undefined when it can (it may not exist yet). */
async function fileProblem(file: string): Promise<string | undefined> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error) {
    return found.code === 'ENOENT' || found.code === 'ENOTDIR'
      ? folderProblem(dirname(file))
      : `${file} cannot be checked (${found.code})`;
  }
  if (found.isDirectory()) return `${file} is a folder, not a file`;
  return (await writable(file)) ? undefined : `${file} is not writable`;
}

/** Why `folder` cannot be created or written into, or undefined when it can. */
async function folderProblem(folder: string): Promise<string | undefined> {
  // The nearest part of the path that exists decides: it must be a writable folder.
  for (let current = folder; ; current = dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => error);
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) return `${current} is a file, not a folder`;
      return (await writable(current, constants.X_OK)) ? undefined : `${current} is not writable`;
    }
    if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR') {
      return `${current} cannot be checked (${found.code})`;
    }
    if (dirname(current) === current) return undefined;
  }
}

async function writable(path: string, extra = 0): Promise<boolean> {
  return access(path, constants.W_OK | extra).then(
    () => true,
    () => false,
  );
}
