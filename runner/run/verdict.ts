/**
 * How a run ended, in one place: the exit code (DESIGN.md), the summary.json content and
 * the lines printed under the final table.
 */
import { suspectLine, thresholdLine } from '../console/verdict-lines.ts';
import { ExitCode } from '../errors.ts';
import type { Invariant } from '../hooks.ts';
import type { ThresholdResult } from '../profile/threshold-evaluation.ts';
import type { RunStats } from '../stats/run-stats.ts';
import { buildSummary, type RunMetadata, type RunSummary } from '../stats/summary.ts';
import type { StopReason } from './drive-load.ts';
import { invariantLine } from './run-hooks.ts';
import type { SelfCheckResult } from './self-check.ts';
import { signalExitCode } from './signals.ts';

export interface Verdict {
  stoppedBy: StopReason;
  invariants: Invariant[];
  thresholds: ThresholdResult[];
  selfCheck: SelfCheckResult;
  workerCrashes: number;
  /** CPU seconds of the embedded service, when the run started one. */
  serviceCpuSeconds?: number;
  /** Exit code when any request failed or any error was raised. */
  exitCodeOnError: number;
}

/**
 * 130/143 after a signal; else `exitCodeOnError` when a request failed or an error was
 * raised; else 1 for a failed threshold or invariant or a crashed worker; else 0.
 */
export function exitCodeOf(verdict: Verdict, stats: RunStats): number {
  if (verdict.stoppedBy === 'SIGINT' || verdict.stoppedBy === 'SIGTERM')
    return signalExitCode(verdict.stoppedBy);
  const errors = stats.aggregated().failures + stats.exceptions().length;
  const code = errors > 0 ? verdict.exitCodeOnError : ExitCode.ok;
  const broken =
    verdict.invariants.some((invariant) => !invariant.pass) ||
    verdict.thresholds.some((result) => !result.pass) ||
    verdict.workerCrashes > 0;
  return broken && code === ExitCode.ok ? ExitCode.failed : code;
}

export function runSummary(
  stats: RunStats,
  verdict: Verdict,
  run: RunMetadata,
  exitCode: number,
): RunSummary {
  return {
    ...buildSummary(stats),
    run: {
      ...run,
      stoppedBy: verdict.stoppedBy,
      workerCrashes: verdict.workerCrashes,
      ...(verdict.serviceCpuSeconds === undefined
        ? {}
        : { service: { cpuSeconds: verdict.serviceCpuSeconds } }),
    },
    thresholds: verdict.thresholds.map((result) => ({ ...result, actual: result.actual ?? null })),
    invariants: verdict.invariants.map((invariant) => ({
      name: invariant.name,
      pass: invariant.pass,
      message: invariant.detail,
    })),
    selfCheck: { ...verdict.selfCheck },
    exitCode,
  };
}

/** Invariants, thresholds, the self-check and the service's CPU, one line each. */
export function verdictLines(verdict: Verdict): string[] {
  const lines = [...verdict.invariants.map(invariantLine), ...verdict.thresholds.map(thresholdLine)];
  if (verdict.selfCheck.suspect) lines.push(suspectLine(verdict.selfCheck.reasons));
  if (verdict.workerCrashes > 0) lines.push(`worker threads crashed: ${verdict.workerCrashes}`);
  if (verdict.serviceCpuSeconds !== undefined) {
    lines.push(`embedded service CPU: ${verdict.serviceCpuSeconds.toFixed(2)} s`);
  }
  if (verdict.stoppedBy !== 'duration' && verdict.stoppedBy !== 'iterations') {
    lines.push(
      `stopped early: ${verdict.stoppedBy === 'threshold' ? 'a threshold failed' : verdict.stoppedBy}`,
    );
  }
  return lines;
}
