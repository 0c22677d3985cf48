/**
 * Finding a run's saved files from what a user types: a results folder (with one
 * `*_raw.json`), a CSV prefix (`results/x/smoke`), or the raw stats file itself.
 */
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunnerError } from '../errors.ts';
import { RAW_STATS_SUFFIX as RAW_SUFFIX, rawStatsFile } from '../stats/raw-file.ts';
import { RunStats } from '../stats/run-stats.ts';
import type { RunSummary } from '../stats/summary.ts';
import type { RawStats } from '../stats/types.ts';
import { readRawStats } from './raw-stats-file.ts';

export interface SavedRun {
  /** The files' common prefix (`results/smoke-20261123-194500/smoke`). */
  prefix: string;
  raw: RawStats;
  stats: RunStats;
  /** summary.json as written by the run; `{}` when it is missing. */
  summary: Partial<RunSummary>;
}

/**
 * @example resolvePrefix('results/smoke-20261123-194500') // 'results/smoke-20261123-194500/smoke'
 */
export async function resolvePrefix(path: string): Promise<string> {
  if (path.endsWith(RAW_SUFFIX) && existsSync(path)) return path.slice(0, -RAW_SUFFIX.length);
  if (existsSync(path) && statSync(path).isDirectory()) {
    const raws = (await readdir(path)).filter((file) => file.endsWith(RAW_SUFFIX)).sort();
    if (raws.length === 1) return join(path, raws[0].slice(0, -RAW_SUFFIX.length));
    throw new RunnerError(
      raws.length === 0
        ? 'no raw statistics (*_raw.json) in this folder'
        : `several runs in this folder (${raws.join(', ')})`,
      {
        code: 'REPORT_INPUT',
        where: path,
        hint:
          raws.length === 0
            ? 'give a results folder written by `journeys run`'
            : 'give the prefix of one of them',
      },
    );
  }
  if (existsSync(`${path}${RAW_SUFFIX}`)) return path;
  throw new RunnerError('no such results folder, prefix or raw stats file', {
    code: 'REPORT_INPUT',
    where: path,
    hint: 'give a results folder written by `journeys run` (it holds *_raw.json)',
  });
}

/** Reads a saved run: its raw statistics (lossless) and its summary's metadata and verdict. */
export async function loadSavedRun(path: string): Promise<SavedRun> {
  const prefix = await resolvePrefix(path);
  let raw: RawStats;
  try {
    raw = await readRawStats(rawStatsFile(prefix));
  } catch (error) {
    throw new RunnerError((error as Error).message, { code: 'REPORT_INPUT', where: path });
  }
  const summaryFile = `${prefix}_summary.json`;
  let summary: Partial<RunSummary> = {};
  if (existsSync(summaryFile)) {
    try {
      summary = JSON.parse(await readFile(summaryFile, 'utf8')) as Partial<RunSummary>;
    } catch (error) {
      throw new RunnerError(`cannot read the summary: ${(error as Error).message}`, {
        code: 'REPORT_INPUT',
        where: summaryFile,
      });
    }
  }
  return { prefix, raw, stats: RunStats.fromRaw(raw), summary };
}
