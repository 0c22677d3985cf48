/**
 * `journeys report merge <results…>`: shards of one distributed run (or any runs) added
 * together from their raw statistics — exact counts and percentiles — into the same CSV,
 * summary and HTML files as a single run. Thresholds the shards were given are evaluated
 * again on the merged numbers; an invariant passes only if it passed on every shard.
 */
import { join } from 'node:path';
import { RunStats } from '../stats/run-stats.ts';
import { buildSummary, type InvariantSummary, type RunSummary } from '../stats/summary.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import { parseThreshold } from '../thresholds/parse.ts';
import { resultsPrefix, writeResults } from './results.ts';
import { loadSavedRun, type SavedRun } from './results-folder.ts';

export interface MergeOptions {
  /** Output folder; default `<resultsDir>/<profile>-merged-<UTC time>/`. */
  outDir?: string;
  resultsDir?: string;
  htmlFile?: string;
  junitFile?: string;
}

export interface MergeResult {
  prefix: string;
  summary: RunSummary;
  paths: string[];
}

/**
 * @example const { summary } = await mergeSavedRuns(['results/shard-0', 'results/shard-1'], { outDir: 'results/all' });
 */
export async function mergeSavedRuns(
  paths: readonly string[],
  options: MergeOptions = {},
): Promise<MergeResult> {
  const shards: SavedRun[] = [];
  for (const path of paths) shards.push(await loadSavedRun(path));
  const stats = RunStats.mergeRaw(shards.map((shard) => shard.raw));
  const profile = shards[0].summary.run?.profile ?? 'merged';
  const prefix = options.outDir
    ? join(options.outDir, profile)
    : resultsPrefix(undefined, options.resultsDir ?? 'results', `${profile}-merged`, new Date());
  const summary = mergedSummary(stats, shards);
  const written = await writeResults({
    prefix,
    stats,
    fullHistory: stats.fullHistory,
    summary,
    ...(options.htmlFile ? { htmlFile: options.htmlFile } : {}),
    ...(options.junitFile ? { junitFile: options.junitFile } : {}),
  });
  return { prefix, summary, paths: written.paths };
}

function mergedSummary(stats: RunStats, shards: readonly SavedRun[]): RunSummary {
  // `shard` names one part; the merged run is the whole (its users, iterations, max_users added up).
  const { shard: _, ...first } = shards[0].summary.run ?? {};
  const sum = (field: 'users' | 'spawnRate' | 'iterations' | 'maxUsers') => {
    const values = shards.map((shard) => shard.summary.run?.[field]);
    // Rounded: shards' spawn rates are shares of the run's (10 × 3/5 + 10 × 2/5).
    const total = (values as number[]).reduce((a, b) => a + b, 0);
    return values.every((n) => typeof n === 'number') ? { [field]: Math.round(total * 1e6) / 1e6 } : {};
  };
  const expressions = [
    ...new Set(shards.flatMap((shard) => (shard.summary.thresholds ?? []).map((t) => t.expression))),
  ];
  const thresholds = evaluateThresholds(
    expressions.map((expression) => parseThreshold(expression, 'merged summary')),
    stats,
  ).map((result) => ({ ...result, actual: result.actual ?? null }));
  const invariants = new Map<string, InvariantSummary>();
  for (const shard of shards) {
    for (const invariant of shard.summary.invariants ?? []) {
      const seen = invariants.get(invariant.name);
      if (!seen || (seen.pass && !invariant.pass)) invariants.set(invariant.name, invariant);
    }
  }
  const suspect = shards.flatMap((shard) =>
    shard.summary.selfCheck?.suspect ? (shard.summary.selfCheck.reasons ?? []) : [],
  );
  const failed = thresholds.some((t) => !t.pass) || [...invariants.values()].some((i) => !i.pass);
  return {
    ...buildSummary(stats),
    run: {
      ...first,
      ...sum('users'),
      ...sum('spawnRate'),
      ...sum('iterations'),
      ...sum('maxUsers'),
      shards: shards.length,
      mergedFrom: shards.map((shard) => shard.prefix),
    },
    thresholds,
    invariants: [...invariants.values()],
    selfCheck: { suspect: suspect.length > 0, reasons: [...new Set(suspect)] },
    exitCode: failed ? 1 : 0,
  };
}
