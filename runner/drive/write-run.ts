/**
 * The end every run shares, however it stopped: the exit code, the summary on the console,
 * the verdict's lines, every result file, and the exit line last (a file that could not be
 * written changes the exit code).
 */

import { summaryTable } from '../console/summary-table.ts';
import { reportFile } from '../report/report-files.ts';
import { resultsLine, resultsPrefix, writeEveryResult, writeFailureLine } from '../report/results.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { RunMetadata } from '../stats/summary.ts';
import type { RunOutput, SessionResult } from './run-session.ts';
import { exitCodeOf, exitLine, runSummary, type Verdict, verdictLines } from './verdict.ts';

export interface RunToWrite {
  output: RunOutput;
  profileName: string;
  csvFullHistory: boolean;
  stats: RunStats;
  verdict: Verdict;
  metadata: RunMetadata;
  /** The shard's place in the file names, when sharded. */
  shard?: { index: number; count: number };
  /** Lines printed between the summary table and the verdict's (a run stopped before its load has no table). */
  table: boolean;
  print(line?: string): void;
  errors: NodeJS.WritableStream;
}

/**
 * @example return writeRun({ output, profileName: 'smoke', csvFullHistory: false, stats, verdict, metadata, table: true, print, errors });
 */
export async function writeRun(run: RunToWrite): Promise<SessionResult> {
  const { output, stats, verdict, print, shard } = run;
  let exitCode = exitCodeOf(verdict, stats);
  const prefix = resultsPrefix(
    output.csvPrefix,
    output.resultsDir,
    run.profileName,
    new Date(stats.startedAt),
    {
      ...(shard ? { shard } : {}),
      ...(output.runId ? { runId: output.runId } : {}),
    },
  );
  const summary = runSummary(stats, verdict, run.metadata, exitCode);
  // The summary first: whatever happens to the files, the console has the run.
  if (run.table) {
    for (const line of summaryTable(summary)) print(line);
    print();
  }
  for (const line of verdictLines(verdict, run.table ? stats : undefined)) print(line);
  const written = await writeEveryResult({
    prefix,
    stats,
    fullHistory: run.csvFullHistory,
    summary,
    htmlFile: output.htmlFile,
    junitFile: output.junitFile,
  });
  print(resultsLine(prefix, written.paths, output.htmlFile ?? reportFile(prefix)));
  for (const failure of written.failures) run.errors.write(`error: ${writeFailureLine(failure)}\n`);
  verdict.unwrittenFiles = written.failures.length;
  exitCode = exitCodeOf(verdict, stats);
  print(exitLine(verdict, stats));
  return { exitCode, summary: { ...summary, exitCode }, stats, prefix, paths: written.paths };
}
