/**
 * The raw statistics file on disk, beside the CSVs: written by every run, read back by
 * `report render` / `report merge`. Its text is made and checked in `stats/raw-file.ts`.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseRawStats, rawStatsText } from '../stats/raw-file.ts';
import { RunStats } from '../stats/run-stats.ts';
import type { RawStats } from '../stats/types.ts';
import { writeAtomically } from './atomic-write.ts';

/** @example await writeRawStats(rawStatsFile(prefix), stats); */
export async function writeRawStats(path: string, stats: RunStats): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Whole or not at all: a reader (report merge, a second run) never sees half a file.
  await writeAtomically(path, rawStatsText(stats));
}

/**
 * Reads raw statistics saved by `writeRawStats`; throws an error naming the file when it is not one.
 * @example const stats = RunStats.mergeRaw(await Promise.all(prefixes.map((p) => readRawStats(rawStatsFile(p)))));
 */
export async function readRawStats(path: string): Promise<RawStats> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read raw stats: ${(error as Error).message}`);
  }
  return parseRawStats(text, path);
}

/** `RunStats` rebuilt from a raw stats file. */
export async function loadRunStats(path: string): Promise<RunStats> {
  return RunStats.fromRaw(await readRawStats(path));
}
