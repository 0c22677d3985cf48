import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunStats } from './run-stats.ts';
import type { RawStats } from './types.ts';

/** The raw stats file's name after the run's prefix, beside the CSVs (what `report render` / `report merge` read). */
export const RAW_STATS_SUFFIX = '_raw.json';

/**
 * The raw stats file of the run whose files start with `prefix`.
 * @example rawStatsFile('results/smoke-20261123-194500/smoke') // 'results/smoke-20261123-194500/smoke_raw.json'
 */
export function rawStatsFile(prefix: string): string {
  return `${prefix}${RAW_STATS_SUFFIX}`;
}

/**
 * Saves the run's raw statistics (lossless, encoded histograms) as JSON.
 *
 * @example
 * await writeRawStats(rawStatsFile(prefix), stats);
 */
export async function writeRawStats(path: string, stats: RunStats): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Whole or not at all: a reader (report merge, a second run) never sees half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(stats.toRaw()));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Reads raw statistics saved by `writeRawStats`; throws an error naming the file when it is
 * not one.
 *
 * @example
 * const stats = RunStats.mergeRaw(await Promise.all(prefixes.map((p) => readRawStats(rawStatsFile(p)))));
 */
export async function readRawStats(path: string): Promise<RawStats> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read raw stats: ${(error as Error).message}`);
  }
  const r = raw as Partial<RawStats> | null;
  if (r?.format !== 'journeys-raw-stats' || r.version !== 1 || !Array.isArray(r.endpoints)) {
    throw new Error(`${path}: not a journeys raw stats file (version 1)`);
  }
  return r as RawStats;
}

/** `RunStats` rebuilt from a raw stats file. */
export async function loadRunStats(path: string): Promise<RunStats> {
  return RunStats.fromRaw(await readRawStats(path));
}
