/**
 * Where a run's files go and writing them: Locust's CSV files, the raw statistics (for
 * `report render` / `report merge`), the machine-readable summary and, when asked, the
 * HTML report — on a normal end, a threshold abort and Ctrl-C alike.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeReportFiles } from '../report/report-files.ts';
import { writeLocustCsv } from '../stats/csv.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { RunSummary } from '../stats/summary.ts';

/**
 * `--csv PREFIX` as given; otherwise `<resultsDir>/<profile>-<UTC YYYYMMDD-HHMMSS>/<profile>`.
 * @example resultsPrefix(undefined, 'results', 'smoke', new Date('2026-11-23T19:45:00Z')) // 'results/smoke-20261123-194500/smoke'
 */
export function resultsPrefix(
  csvPrefix: string | undefined,
  resultsDir: string,
  profile: string,
  at: Date,
): string {
  if (csvPrefix) return csvPrefix;
  const stamp = at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return join(resultsDir, `${profile}-${stamp}`, profile);
}

export interface ResultFiles {
  prefix: string;
  stats: RunStats;
  fullHistory: boolean;
  /** The summary.json content (statistics digest plus what the run adds: metadata, thresholds, invariants, self-check). */
  summary: Partial<RunSummary>;
  /** A copy of the HTML report (`--html FILE`); `<prefix>_report.html` is always written. */
  htmlFile?: string;
  /** Thresholds and invariants as JUnit XML (`--junit FILE`). */
  junitFile?: string;
}

/** Writes every file; returns their paths. */
export async function writeResults(files: ResultFiles): Promise<{ paths: string[] }> {
  const { prefix, stats } = files;
  await mkdir(dirname(prefix) || '.', { recursive: true });
  const paths = await writeLocustCsv(prefix, stats, { fullHistory: files.fullHistory });
  const raw = `${prefix}_raw.json`;
  await writeFile(raw, JSON.stringify(stats.toRaw()));
  const summary = `${prefix}_summary.json`;
  await writeFile(summary, `${JSON.stringify(files.summary, null, 2)}\n`);
  paths.push(raw, summary);
  paths.push(
    ...(await writeReportFiles({
      prefix,
      stats,
      summary: files.summary,
      ...(files.htmlFile ? { htmlFile: files.htmlFile } : {}),
      ...(files.junitFile ? { junitFile: files.junitFile } : {}),
    })),
  );
  return { paths };
}
