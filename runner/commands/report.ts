/**
 * `journeys report render | merge | compare`: reports from saved results, without running
 * anything. Exit codes: 0 fine, 1 a regression (compare) or a failed threshold/invariant of
 * the merged run (merge), 2 bad input.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { compareRuns, DEFAULT_COMPARE_OPTIONS, parseFailIncrease, parseShare } from '../report/compare.ts';
import { comparisonCases, comparisonHtml, comparisonLines } from '../report/compare-output.ts';
import { writeJUnit } from '../report/junit.ts';
import { mergeSavedRuns } from '../report/merge-shards.ts';
import { renderSavedRun } from '../report/render-saved.ts';
import { loadSavedRun } from '../report/results-folder.ts';

type Print = (line: string) => void;

/**
 * @example addReportCommands(program, (code) => { exitCode = code; });
 */
export function addReportCommands(
  program: Command,
  setExitCode: (code: number) => void,
  print: Print = (line) => process.stdout.write(`${line}\n`),
): void {
  const report = program
    .command('report')
    .description('render, merge or compare saved results (no load is sent)')
    .exitOverride();

  report
    .command('render')
    .description('write the CSV files, summary and HTML report again from a results folder’s raw stats')
    .argument('<results>', 'results folder (or CSV prefix, or *_raw.json)')
    .option('--html <file>', 'write the HTML report there too')
    .option('--junit <file>', 'write thresholds and invariants as JUnit XML')
    .action(async (path: string, flags: { html?: string; junit?: string }) => {
      const paths = await renderSavedRun(path, { htmlFile: flags.html, junitFile: flags.junit });
      for (const file of paths) print(`wrote ${file}`);
    })
    .exitOverride();

  report
    .command('merge')
    .description('combine shard results into one run (exact percentiles)')
    .argument('<results...>', 'results folders of the shards')
    .option('--out <dir>', 'output folder (default results/<profile>-merged-<UTC time>/)')
    .option('--results-dir <dir>', 'where the default output folder goes', 'results')
    .option('--html <file>', 'write the HTML report there too')
    .option('--junit <file>', 'write thresholds and invariants as JUnit XML')
    .action(
      async (paths: string[], flags: { out?: string; resultsDir: string; html?: string; junit?: string }) => {
        const merged = await mergeSavedRuns(paths, {
          outDir: flags.out,
          resultsDir: flags.resultsDir,
          htmlFile: flags.html,
          junitFile: flags.junit,
        });
        const totals = merged.summary.totals;
        print(`merged ${paths.length} result(s): ${totals.requests} requests, ${totals.failures} failures`);
        for (const t of merged.summary.thresholds ?? [])
          print(`threshold ${t.expression}: ${t.pass ? 'PASS' : 'FAIL'}`);
        print(`results: ${merged.prefix}_*`);
        setExitCode(merged.summary.exitCode ?? 0);
      },
    )
    .exitOverride();

  report
    .command('compare')
    .description('per-endpoint deltas between two runs; exit 1 on a regression')
    .argument('<base>', 'results folder of the baseline run')
    .argument('<new>', 'results folder of the run to check')
    .addOption(
      new Option(
        '--max-regression <share>',
        'latency up or rps down by more than this share fails: 10% or 0.1',
      )
        .default(DEFAULT_COMPARE_OPTIONS.maxRegression, '10%')
        .argParser(share),
    )
    .addOption(
      new Option(
        '--max-fail-increase <pp>',
        'failure ratio up by more than this many percentage points fails: 1pp, 0.5pp, 1% (= 1pp) or a share 0.01',
      )
        .default(DEFAULT_COMPARE_OPTIONS.maxFailRatioIncrease, '1pp')
        .argParser(failIncrease),
    )
    .option('--html <file>', 'write the comparison page (default <new prefix>_compare.html)')
    .option('--junit <file>', 'write one JUnit testcase per endpoint')
    .action(
      async (
        basePath: string,
        nextPath: string,
        flags: { maxRegression: number; maxFailIncrease: number; html?: string; junit?: string },
      ) => {
        const base = await loadSavedRun(basePath);
        const next = await loadSavedRun(nextPath);
        const result = compareRuns(base.stats, next.stats, {
          ...DEFAULT_COMPARE_OPTIONS,
          maxRegression: flags.maxRegression,
          maxFailRatioIncrease: flags.maxFailIncrease,
        });
        for (const line of comparisonLines(result)) print(line);
        const html = flags.html ?? `${next.prefix}_compare.html`;
        await mkdir(dirname(html), { recursive: true });
        await writeFile(html, comparisonHtml(result, base.prefix, next.prefix));
        print(`comparison: ${html}`);
        if (flags.junit)
          print(`junit: ${await writeJUnit(flags.junit, 'journeys compare', comparisonCases(result))}`);
        setExitCode(result.regressions > 0 ? 1 : 0);
      },
    )
    .exitOverride();
}

function failIncrease(text: string): number {
  try {
    return parseFailIncrease(text, 'value');
  } catch (error) {
    throw new InvalidArgumentError(`${(error as Error).message.replace(/^value: /, '')}.`);
  }
}

function share(text: string): number {
  try {
    return parseShare(text, 'value');
  } catch {
    throw new InvalidArgumentError('must be a share like 10% or 0.1.');
  }
}
