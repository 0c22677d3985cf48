/**
 * Where a run's files go and writing them: Locust's CSV files, the raw statistics (for
 * `report render` / `report merge`), the machine-readable summary and, when asked, the
 * HTML report — on a normal end, a threshold abort and Ctrl-C alike. A file that cannot be
 * written is reported and the others are still written: one bad path never loses the run.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ExitCode, RunnerError } from '../errors.ts';
import type { Shard } from '../load-model/shard.ts';
import { renderLocustCsv } from '../stats/csv.ts';
import { rawStatsFile } from '../stats/raw-file.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { RunSummary } from '../stats/summary.ts';
import { writeAtomically } from './atomic-write.ts';
import { writeRawStats } from './raw-stats-file.ts';
import { htmlWrites, junitWrites, type ReportWrite } from './report-files.ts';

/**
 * `--csv PREFIX` as given; otherwise `<resultsDir>/<profile>-<UTC YYYYMMDD-HHMMSS>/<profile>`.
 * A shard writes into `shard-<i>-of-<N>/` inside that folder, named by `runId` rather than
 * the time when given (`JOURNEYS_RUN_ID`), so the shards of one run share a folder and
 * `report merge <folder>/shard-*` finds them.
 * @example resultsPrefix(undefined, 'results', 'smoke', new Date('2026-11-23T19:45:00Z')) // 'results/smoke-20261123-194500/smoke'
 * @example resultsPrefix(undefined, 'results', 'smoke', new Date(), { shard: { index: 1, count: 4 }, runId: 'r7' }) // 'results/smoke-r7/shard-1-of-4/smoke'
 */
/**
 * A moment as a results folder names it: UTC, to the second, no separators but one dash.
 * @example utcStamp(new Date('2026-11-23T19:45:00Z')) // '20261123-194500'
 */
export function utcStamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export function resultsPrefix(
  csvPrefix: string | undefined,
  resultsDir: string,
  profile: string,
  at: Date,
  group?: { shard?: Shard; runId?: string },
): string {
  if (csvPrefix) return csvPrefix;
  const folder = join(resultsDir, `${profile}-${group?.runId ?? utcStamp(at)}`);
  const shard = group?.shard;
  return shard ? join(folder, `shard-${shard.index}-of-${shard.count}`, profile) : join(folder, profile);
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
  /**
   * The exit code, given how many files could not be written (a run's is `decideExit`'s). By
   * default the summary's own, 1 in place of 0 when a file was not written (`report render` / `merge`).
   */
  exitCode?: (unwrittenFiles: number) => number | undefined;
}

/** A file that could not be written, and why in a few words (`it is a folder (EISDIR)`). */
export interface WriteFailure {
  file: string;
  reason: string;
}

export interface WrittenResults {
  paths: string[];
  failures: WriteFailure[];
  /** The exit code the HTML report and summary.json carry, decided after the other files were written. */
  exitCode?: number;
}

/**
 * Writes every file it can, each on its own; returns what was written, what failed, and the
 * exit code. The files that show the exit code (the HTML report, summary.json, last) are
 * written after the others, with the code decided from the failures before them.
 * @example const { paths, failures, exitCode } = await writeEveryResult({ prefix, stats, fullHistory: false, summary });
 */
export async function writeEveryResult(files: ResultFiles): Promise<WrittenResults> {
  const { prefix, stats } = files;
  const written: WrittenResults = { paths: [], failures: [] };
  const attempt = async (file: string, write: () => Promise<void>) => {
    try {
      await write();
      written.paths.push(file);
    } catch (error) {
      written.failures.push({ file, reason: whyNotWritten(error) });
    }
  };
  const folder = dirname(`${prefix}_stats.csv`);
  const folderMade = await mkdir(folder, { recursive: true }).then(
    () => true,
    (error: unknown) => {
      written.failures.push({ file: `${prefix}_* (folder ${folder})`, reason: whyNotWritten(error) });
      return false;
    },
  );
  const writable = ({ file }: ReportWrite) => folderMade || !inPrefix(file, prefix);
  if (folderMade) {
    for (const [suffix, text] of Object.entries(renderLocustCsv(stats, { fullHistory: files.fullHistory }))) {
      await attempt(prefix + suffix, () => writeAtomically(prefix + suffix, text));
    }
    await attempt(rawStatsFile(prefix), () => writeRawStats(rawStatsFile(prefix), stats));
  }
  for (const { file, write } of junitWrites(files).filter(writable)) await attempt(file, write);
  const decide = files.exitCode ?? ((unwritten: number) => afterFailures(files.summary.exitCode, unwritten));
  const showingCode = (exitCode: number | undefined): ReportWrite[] => {
    const summary = exitCode === undefined ? files.summary : { ...files.summary, exitCode };
    const json = `${JSON.stringify(summary, null, 2)}\n`;
    const summaryFile = `${prefix}_summary.json`;
    const summaryWrite = { file: summaryFile, write: () => writeAtomically(summaryFile, json) };
    return [...htmlWrites({ ...files, summary }), ...(folderMade ? [summaryWrite] : [])].filter(writable);
  };
  written.exitCode = decide(written.failures.length);
  const before = written.paths.length;
  for (const { file, write } of showingCode(written.exitCode)) await attempt(file, write);
  const exitCode = decide(written.failures.length);
  if (exitCode !== written.exitCode) {
    // One of these files failed and turned a 0 into 1: the ones written say 0, so they are written again.
    // Once; a further failure cannot change a code that is no longer 0.
    const again = new Set(written.paths.slice(before));
    written.exitCode = exitCode;
    written.paths.splice(before);
    for (const { file, write } of showingCode(exitCode).filter(({ file }) => again.has(file))) {
      await attempt(file, write);
    }
  }
  return written;
}

/**
 * Writes every file; returns their paths. When some could not be written (after writing
 * all the others), throws one RunnerError naming each (exit 1).
 */
export async function writeResults(files: ResultFiles): Promise<{ paths: string[] }> {
  const { paths, failures } = await writeEveryResult(files);
  if (failures.length > 0) {
    const problems = failures.map(writeFailureLine);
    throw new RunnerError(problems.join('; '), { code: 'WRITE_FAILED', problems, exitCode: 1 });
  }
  return { paths };
}

/** `could not write results/r_stats.csv: it is a folder (EISDIR)` */
export function writeFailureLine(failure: WriteFailure): string {
  return `could not write ${failure.file}: ${failure.reason}`;
}

/**
 * What was written, truthfully: the `PREFIX_*` files counted, the copies elsewhere
 * (`--html`, `--junit`) named apart, and the report to open.
 * @example resultsLine('out/r', ['out/r_stats.csv', 'out/r_report.html', 'junit.xml'], 'out/r_report.html')
 * // 'results: out/r_*  (2 files); also: junit.xml; report: out/r_report.html'
 */
export function resultsLine(prefix: string, paths: readonly string[], report?: string): string {
  const counted = paths.filter((path) => inPrefix(path, prefix)).length;
  // A JUnit copy last, as the flags are documented (--html, --junit), whatever order they were written in.
  const others = paths
    .filter((path) => !inPrefix(path, prefix))
    .sort((a, b) => Number(a.endsWith('.xml')) - Number(b.endsWith('.xml')));
  const also = others.length > 0 ? `; also: ${others.join(', ')}` : '';
  const open = report && paths.includes(report) ? `; report: ${report}` : '';
  return `results: ${prefix}_*  (${counted} file${counted === 1 ? '' : 's'})${also}${open}`;
}

/** Whether the shell's `PREFIX_*` matches `path` (same folder, name starting with PREFIX_). */
function inPrefix(path: string, prefix: string): boolean {
  const start = resolve(`${prefix}_`);
  const full = resolve(path);
  return full.startsWith(start) && !full.slice(start.length).includes(sep);
}

/** `report render` / `merge`: a set of files not all written does not exit 0 (a code that is not 0 stays). */
function afterFailures(code: number | undefined, unwrittenFiles: number): number | undefined {
  return unwrittenFiles > 0 && code === ExitCode.ok ? ExitCode.failed : code;
}

const REASONS: Record<string, string> = {
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of its path is a file, not a folder',
  EEXIST: 'a file is in the way of its folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'the name is too long',
};

/** An fs error in a few words and its code, never a stack. */
function whyNotWritten(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return `${REASONS[code]} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}
