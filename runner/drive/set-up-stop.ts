/**
 * A run stopped before its load (Ctrl-C, SIGTERM, Stop in the web UI while the user
 * modules load, the embedded service starts or `testStart` runs) still ends as every run
 * does: an empty run written out — summary.json with the exit code and the phase, Locust's
 * CSVs with their headers — so a CI job cancelled early has something to read.
 */

import { availableParallelism } from 'node:os';
import { RunnerError } from '../errors.ts';
import type { StopReason } from './drive-load.ts';
import type { Verdict } from './verdict.ts';

/** The set-up was given up because the run was asked to stop. */
export class SetUpStopped extends Error {
  readonly reason: StopReason;

  constructor(reason: StopReason) {
    super(`run stopped (${reason}) before its load`);
    this.reason = reason;
  }
}

/**
 * `work`, unless the run is stopped first: then rejects with {@link SetUpStopped} at once
 * (what `work` still does is left to the process's end; its outcome is ignored).
 * @example const testData = await untilStopped(runTestStart(owners, context), signal);
 */
export function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new SetUpStopped(signal.reason as StopReason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SetUpStopped(signal.reason as StopReason));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Whether `error` is the set-up giving way to a stop (ours, or the embedded service's start interrupted). */
export function isSetUpStop(error: unknown, signal: AbortSignal): boolean {
  if (!signal.aborted) return false;
  return error instanceof SetUpStopped || (error instanceof RunnerError && error.code === 'INTERRUPTED');
}

/**
 * The verdict of a run that never reached its load: no checks ran, nothing was measured.
 * @example verdictBeforeLoad('SIGTERM', 'service-start', 1)
 */
export function verdictBeforeLoad(
  stoppedBy: StopReason,
  stoppedIn: NonNullable<Verdict['stoppedIn']>,
  exitCodeOnError: number,
): Verdict {
  return {
    stoppedBy,
    stoppedIn,
    invariants: [],
    thresholds: [],
    selfCheck: { suspect: false, reasons: [], cores: availableParallelism(), cpuPeak: 0, lagP99PeakMs: 0 },
    workerCrashes: 0,
    exitCodeOnError,
  };
}
