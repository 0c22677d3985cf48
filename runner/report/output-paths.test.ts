import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRunnerError, RunnerError } from '../errors.ts';
import { checkOutputLocations } from './output-paths.ts';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-output-paths-'));
  file = join(dir, 'afile');
  await writeFile(file, 'not a folder');
  await mkdir(join(dir, 'folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The lines the CLI would print, or [] when every location can be written. */
async function problems(output: Parameters<typeof checkOutputLocations>[0]): Promise<string[]> {
  try {
    await checkOutputLocations(output);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(RunnerError);
    expect((error as RunnerError).exitCode).toBe(2);
    return formatRunnerError(error as RunnerError);
  }
}

describe('checkOutputLocations', () => {
  it('accepts folders that exist or can be created, and files that can be written', async () => {
    expect(
      await problems({
        csvPrefix: join(dir, 'new', 'deeper', 'run'),
        resultsDir: file, // unused with --csv
        htmlFile: join(dir, 'folder', 'report.html'),
        junitFile: file, // an existing file is overwritten
      }),
    ).toEqual([]);
    expect(await problems({ resultsDir: join(dir, 'results') })).toEqual([]);
  });

  it('names every flag whose path cannot be written, one line each, creating nothing', async () => {
    expect(
      await problems({
        resultsDir: join(file, 'results'),
        htmlFile: join(dir, 'folder'),
        junitFile: join(file, 'x', 'junit.xml'),
      }),
    ).toEqual([
      `error: --results-dir ${join(file, 'results')}: ${file} is a file, not a folder`,
      `error: --html ${join(dir, 'folder')}: ${join(dir, 'folder')} is a folder, not a file`,
      `error: --junit ${join(file, 'x', 'junit.xml')}: ${file} is a file, not a folder`,
    ]);
    expect(await problems({ csvPrefix: join(file, 'r'), resultsDir: 'results' })).toEqual([
      `error: --csv ${join(file, 'r')}: ${file} is a file, not a folder`,
    ]);
  });
});
