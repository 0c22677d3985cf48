/**
 * How a run ended, in one place: the exit code (the README's exit-code table), the summary.json content and
 * the lines printed under the final table.
 */

import type { Invariant } from '../api/hooks.ts';
import { suspectLine, thresholdLine } from '../console/verdict-lines.ts';
import { ExitCode, signalExitCode } from '../errors.ts';
import type { RunStats } from '../stats/run-stats.ts';
import type { SelfCheckResult } from '../stats/self-check.ts';
import { buildSummary, type RunMetadata, type RunPhase, type RunSummary } from '../stats/summary.ts';
import type { ServiceUsage } from '../target/embedded-service.ts';
import type { ThresholdResult } from '../thresholds/evaluate.ts';
import type { StopReason } from './drive-load.ts';
import { invariantLine } from './run-hooks.ts';

export interface Verdict {
  stoppedBy: StopReason;
  /** The phase the run was in when it stopped (summary.json's `run.stoppedIn`). */
  stoppedIn?: RunPhase;
  invariants: Invariant[];
  thresholds: ThresholdResult[];
  selfCheck: SelfCheckResult;
  workerCrashes: number;
  /** CPU and peak memory of the embedded service's processes, when the run started one. */
  serviceUsage?: ServiceUsage;
  /** Exit code when any request failed or any error was raised. */
  exitCodeOnError: number;
  /** The profile's `required_invariants`: each must have run and been exercised. */
  requiredInvariants?: readonly string[];
}

/** What decides the exit code besides the verdict and the statistics: known only once the files are written. */
export interface RunEnding {
  /** The error that ended a load shape (the user's code at fault, as any bad user module): exit 2. */
  modelFailure?: Error;
  /** Result files that could not be written: the run does not exit 0. */
  unwrittenFiles?: number;
}

/** The exit code and the `exit N: why` line that explains it, decided together. */
export interface RunExit {
  code: number;
  line: string;
}

/**
 * The one place a run's exit code is decided (the README's exit-code table); the summary,
 * the HTML report, the console's `exit N:` line and the process exit all read its `code`.
 * 2 when a load shape failed; 130/143 after a signal; else `exitCodeOnError` when a request
 * failed or an error was raised; else 1 for a failed threshold or invariant, a crashed
 * worker, a run in which no request completed, or a result file not written
 * (docs/decisions.md); else 0.
 * @example decideExit(verdict, stats, { unwrittenFiles: 1 }) // { code: 1, line: 'exit 1: 1 result file not written' }
 */
export function decideExit(verdict: Verdict, stats: RunStats, ending: RunEnding = {}): RunExit {
  if (ending.modelFailure) {
    const code = ExitCode.usage;
    return { code, line: `exit ${code}: the load model failed (${ending.modelFailure.message})` };
  }
  if (verdict.stoppedBy === 'SIGINT' || verdict.stoppedBy === 'SIGTERM') {
    const code = signalExitCode(verdict.stoppedBy);
    return { code, line: `exit ${code}: stopped by ${verdict.stoppedBy}` };
  }
  const errors = errorsOf(stats).join(', ');
  const broken = brokenChecks(verdict, stats, ending.unwrittenFiles ?? 0);
  const onError = errors !== '' ? verdict.exitCodeOnError : ExitCode.ok;
  const code = broken.length > 0 && onError === ExitCode.ok ? ExitCode.failed : onError;
  const flag = `--exit-code-on-error ${verdict.exitCodeOnError}`;
  const reasons: string[] = [];
  if (errors !== '' && verdict.exitCodeOnError !== ExitCode.ok) {
    reasons.push(verdict.exitCodeOnError === ExitCode.failed ? errors : `${errors} (${flag})`);
  }
  reasons.push(...broken);
  if (errors !== '' && verdict.exitCodeOnError === ExitCode.ok) reasons.push(`${errors} tolerated (${flag})`);
  if (reasons.length === 0) {
    const idle = verdict.invariants.filter((invariant) => invariant.exercised === false).length;
    const passed = verdict.thresholds.length + verdict.invariants.length - idle;
    const notExercised = idle > 0 ? `, ${idle} invariant(s) not exercised` : '';
    const tally = passed > 0 || idle > 0 ? `; ${passed} threshold(s)/invariant(s) passed${notExercised}` : '';
    return { code, line: `exit 0: no failed requests or exceptions${tally}` };
  }
  return { code, line: `exit ${code}: ${reasons.join(', ')}` };
}

/** The code `decideExit` decides, before any file is written. */
export function exitCodeOf(verdict: Verdict, stats: RunStats): number {
  return decideExit(verdict, stats).code;
}

/**
 * Why the run exits with its code, in one line, so exit 1 never needs a CSV to explain it.
 * @example exitLine(verdict, stats) // 'exit 1: 3 failed requests, 2 exceptions'
 */
export function exitLine(verdict: Verdict, stats: RunStats): string {
  return decideExit(verdict, stats).line;
}

/** Failed requests and exceptions, as counted phrases; empty when there were none. */
function errorsOf(stats: RunStats): string[] {
  const failures = stats.aggregated().failures;
  const exceptions = stats.exceptions().reduce((sum, exception) => sum + exception.count, 0);
  return [
    ...(failures > 0 ? [counted(failures, 'failed request')] : []),
    ...(exceptions > 0 ? [counted(exceptions, 'exception')] : []),
  ];
}

/** What fails the run with exit 1 whatever `--exit-code-on-error` says. */
function brokenChecks(verdict: Verdict, stats: RunStats, unwrittenFiles: number): string[] {
  return [
    ...(stats.aggregated().count === 0 ? ['no request completed'] : []),
    ...verdict.thresholds
      .filter((result) => !result.pass)
      .map((result) => `threshold ${result.expression} failed`),
    ...verdict.invariants
      .filter((invariant) => !invariant.pass && invariant.exercised !== false)
      .map((invariant) => `invariant ${invariant.name} failed`),
    ...(verdict.requiredInvariants ?? [])
      .filter((name) => !verdict.invariants.some((i) => i.name === name && i.exercised !== false))
      .map((name) => `required invariant ${name} not exercised`),
    ...(verdict.workerCrashes > 0 ? [counted(verdict.workerCrashes, 'worker thread') + ' crashed'] : []),
    ...(unwrittenFiles > 0 ? [`${counted(unwrittenFiles, 'result file')} not written`] : []),
  ];
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function runSummary(
  stats: RunStats,
  verdict: Verdict,
  run: RunMetadata,
  exitCode?: number,
): RunSummary {
  return {
    ...buildSummary(stats),
    run: {
      ...run,
      stoppedBy: verdict.stoppedBy,
      ...(verdict.stoppedIn ? { stoppedIn: verdict.stoppedIn } : {}),
      workerCrashes: verdict.workerCrashes,
      ...(verdict.serviceUsage === undefined ? {} : { service: { ...verdict.serviceUsage } }),
    },
    thresholds: verdict.thresholds.map((result) => ({ ...result, actual: result.actual ?? null })),
    invariants: verdict.invariants.map((invariant) => ({
      name: invariant.name,
      pass: invariant.pass,
      message: invariant.detail,
      ...(invariant.exercised === false ? { exercised: false } : {}),
    })),
    selfCheck: { ...verdict.selfCheck },
    ...(exitCode === undefined ? {} : { exitCode }),
  };
}

/** How `stopped early:` names a reason that is not the run's own end. */
const EARLY_STOPS: Partial<Record<StopReason, string>> = {
  threshold: 'a threshold failed',
  web: 'Stop in the web UI',
  master: 'the master was lost (a distributed worker)',
};

/** How `stopped early:` says where the run was; the load itself goes without saying. */
const PHASE_WORDS: Record<RunPhase, string> = {
  preflight: ' while the user classes and the target were checked (no load ran)',
  'service-start': ' while the embedded service was starting (no load ran)',
  'test-start': ' during the testStart hooks (no load ran)',
  'ramp-up': ' during the ramp-up',
  load: '',
  'after-load': ' after the load, during the end hooks',
};

/**
 * Invariants, thresholds, the self-check and the service's CPU, one line each; with the
 * run's statistics also a warning when no request completed. The run prints `decideExit`'s
 * line apart, last, once its files are written (a file that fails changes the exit code).
 */
export function verdictLines(verdict: Verdict, stats?: RunStats): string[] {
  const lines = [...verdict.invariants.map(invariantLine), ...verdict.thresholds.map(thresholdLine)];
  if (verdict.selfCheck.suspect) lines.push(suspectLine(verdict.selfCheck.reasons));
  if (verdict.workerCrashes > 0) lines.push(`worker threads crashed: ${verdict.workerCrashes}`);
  if (verdict.serviceUsage !== undefined) lines.push(serviceUsageLine(verdict.serviceUsage));
  if (verdict.stoppedBy !== 'duration' && verdict.stoppedBy !== 'iterations') {
    const when = verdict.stoppedIn ? PHASE_WORDS[verdict.stoppedIn] : '';
    lines.push(`stopped early: ${EARLY_STOPS[verdict.stoppedBy] ?? verdict.stoppedBy}${when}`);
  }
  if (stats === undefined) return lines;
  if (stats.aggregated().count === 0) {
    lines.push(
      'warning: no request completed: the journeys sent none, or the target answered none before the end ' +
        '(requests cut off at the stop are not counted)',
    );
  }
  return lines;
}

/**
 * `embedded service: CPU 12.34 s, peak memory 180 MiB, cache hits 93.1%, peak pool in use 8`:
 * its cost apart from the runner's. A machine's first run adds the peak of the child that made
 * the database's dump (`peak memory 305 MiB (dump made in a child: peak 560 MiB)`); its CPU is
 * in the total already.
 */
function serviceUsageLine(usage: ServiceUsage): string {
  const maker =
    usage.dumpMakerPeakRssBytes === undefined
      ? ''
      : ` (dump made in a child: peak ${Math.round(usage.dumpMakerPeakRssBytes / 2 ** 20)} MiB)`;
  const memory = `${Math.round(usage.peakRssBytes / 2 ** 20)} MiB${maker}`;
  const count = usage.processes > 1 ? ` (${usage.processes} processes)` : '';
  const cache =
    usage.cacheHitRatio === undefined ? '' : `, cache hits ${(usage.cacheHitRatio * 100).toFixed(1)}%`;
  const pool = usage.peakPoolInUse === undefined ? '' : `, peak pool in use ${usage.peakPoolInUse}`;
  return `embedded service: CPU ${usage.cpuSeconds.toFixed(2)} s, peak memory ${memory}${count}${cache}${pool}`;
}
