/**
 * `journeys run`: one load test from resolved settings to written reports and an exit
 * code (DESIGN.md). The run itself is `drive/run-session.ts` (the web UI runs its tests
 * through it too); here are the terminal's parts: a closed output, Ctrl-C and SIGTERM.
 */

import type { RunConfig } from '../config/run-config.ts';
import { type RunOutput, startRunSession } from '../drive/run-session.ts';
import { exitOnLateSignal, watchSignals } from '../drive/signals.ts';
import { ignoreClosedOutput } from './closed-output.ts';

export type { RunOutput } from '../drive/run-session.ts';

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * Runs one load test; resolves with the process exit code. User mistakes throw RunnerError.
 * @example process.exitCode = await runLoadTest(resolveRunConfig(await loadProfile('smoke'), {}), { resultsDir: 'results', exitCodeOnError: 1 });
 */
export async function runLoadTest(
  wholeRun: RunConfig,
  output: RunOutput,
  out: Output = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  // `journeys run | head`: a closed output must not cost the run its files.
  ignoreClosedOutput(out);
  ignoreClosedOutput(errors);
  // Before the load, Ctrl-C gives up an embedded service still starting; during it, stops the users.
  let session: ReturnType<typeof startRunSession> | undefined;
  let exitCode: number | undefined;
  const signals = watchSignals((signal) => session?.stop(signal));
  try {
    session = startRunSession(wholeRun, output, out, errors);
    exitCode = (await session.done).exitCode;
    return exitCode;
  } finally {
    // Signals stay watched until the embedded service has stopped (the session's last act);
    // one that comes while the process winds down exits with the code the reports give.
    signals.dispose();
    if (exitCode !== undefined) exitOnLateSignal(exitCode);
  }
}
