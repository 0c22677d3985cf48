/**
 * The end every run shares, however it stopped: the exit code, the summary on the console,
 * the verdict's lines, every result file, and the exit line last (a file that could not be
 * written changes the exit code).
 */

import { summaryTable } from '../console/summary-table.ts';
import { formatRunnerError, RunnerError } from '../errors.ts';
import { reportFile } from '../report/report-files.ts';
import { resultsLine, resultsPrefix, writeEveryResult, writeFailureLine } from '../report/results.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { RunMetadata } from '../stats/summary.ts';
import type { RunOutput, SessionResult } from './run-session.ts';
import { decideExit, runSummary, type Verdict, verdictLines } from './verdict.ts';

export interface RunToWrite {
  output: RunOutput;
  profileName: string;
  csvFullHistory: boolean;
  stats: RunStats;
  verdict: Verdict;
  metadata: RunMetadata;
  /** Where the files go when the run claimed its place before the load (runner/report/output-claim.ts). */
  prefix?: string;
  /** The shard's place in the file names, when sharded. */
  shard?: { index: number; count: number };
  /** Lines printed between the summary table and the verdict's (a run stopped before its load has no table). */
  table: boolean;
  print(line?: string): void;
  errors: NodeJS.WritableStream;
  /** What the load model adds: its lines after the verdict's (the limit found), and the error that ended it (exit 2). */
  model?: { lines: readonly string[]; failure: Error | undefined };
}

/**
 * @example return writeRun({ output, profileName: 'smoke', csvFullHistory: false, stats, verdict, metadata, table: true, print, errors });
 */
export async function writeRun(run: RunToWrite): Promise<SessionResult> {
  const { output, stats, verdict, print, shard } = run;
  const modelFailure = run.model?.failure;
  const decide = (unwrittenFiles: number) =>
    decideExit(verdict, stats, { ...(modelFailure ? { modelFailure } : {}), unwrittenFiles });
  const prefix =
    run.prefix ??
    resultsPrefix(output.csvPrefix, output.resultsDir, run.profileName, new Date(stats.startedAt), {
      ...(shard ? { shard } : {}),
      ...(output.runId ? { runId: output.runId } : {}),
    });
  // The exit code is left out until the files are written: one that cannot be written changes it.
  const summary = runSummary(stats, verdict, run.metadata);
  // The summary first: whatever happens to the files, the console has the run.
  if (run.table) {
    for (const line of summaryTable(summary)) print(line);
    print();
  }
  for (const line of verdictLines(verdict, run.table ? stats : undefined)) print(line);
  for (const line of run.model?.lines ?? []) print(line);
  const written = await writeEveryResult({
    prefix,
    stats,
    fullHistory: run.csvFullHistory,
    summary,
    htmlFile: output.htmlFile,
    junitFile: output.junitFile,
    exitCode: (unwrittenFiles) => decide(unwrittenFiles).code,
  });
  print(resultsLine(prefix, written.paths, output.htmlFile ?? reportFile(prefix)));
  for (const failure of written.failures) run.errors.write(`error: ${writeFailureLine(failure)}\n`);
  const exit = decide(written.failures.length);
  if (modelFailure) {
    const lines =
      modelFailure instanceof RunnerError
        ? formatRunnerError(modelFailure)
        : [`error: ${modelFailure.message}`];
    for (const line of lines) run.errors.write(`${line}\n`);
  }
  print(exit.line);
  return {
    exitCode: exit.code,
    summary: { ...summary, exitCode: exit.code },
    stats,
    prefix,
    paths: written.paths,
  };
}
