import type { RunStats } from './run-stats.ts';
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
 * The run's raw statistics (lossless, encoded histograms) as the file's JSON text
 * (`report/raw-stats-file.ts` writes it).
 * @example rawStatsText(stats) // '{"format":"journeys-raw-stats","version":1,…}'
 */
export function rawStatsText(stats: RunStats): string {
  return JSON.stringify(stats.toRaw());
}

/**
 * Raw statistics read back from a file's text; throws an error naming the file when it is not one.
 * @example parseRawStats(await readFile(path, 'utf8'), path)
 */
export function parseRawStats(text: string, path: string): RawStats {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: cannot read raw stats: ${(error as Error).message}`);
  }
  const r = raw as Partial<RawStats> | null;
  if (r?.format !== 'journeys-raw-stats' || r.version !== 1 || !Array.isArray(r.endpoints)) {
    throw new Error(`${path}: not a journeys raw stats file (version 1)`);
  }
  return r as RawStats;
}
