import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunStats } from './run-stats.ts';
import type { RawStats } from './types.ts';

/** Conventional name of the raw stats file beside the CSVs (what `report render` / `report merge` read). */
export const RAW_STATS_FILE = 'stats.raw.json';

/**
 * Saves the run's raw statistics (lossless, encoded histograms) as JSON.
 *
 * @example
 * await writeRawStats(join(dir, RAW_STATS_FILE), stats);
 */
export async function writeRawStats(path: string, stats: RunStats): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(stats.toRaw()));
}

/**
 * Reads raw statistics saved by `writeRawStats`; throws an error naming the file when it is
 * not one.
 *
 * @example
 * const stats = RunStats.mergeRaw(await Promise.all(dirs.map((d) => readRawStats(join(d, RAW_STATS_FILE)))));
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
