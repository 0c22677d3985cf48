/**
 * Imports the user modules once before the run does, with a time limit: a module that loops
 * or awaits forever at its top level is named with its file (one line, exit 2) instead of
 * hanging the runner past Ctrl-C.
 *
 * Each module is loaded in this thread with `require()` (synchronous for an ES module
 * without top-level await) inside a `vm` script run with `timeout` and `breakOnSigint`: V8's
 * watchdog, a native thread, ends a loop, and Ctrl-C still breaks in — no isolate of its
 * own. A module graph with top-level await cannot be required: those modules are tried in
 * a thread of their own (import-trial-thread.ts), whose endless loop or await a timer in
 * this thread can still name.
 */
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { Script } from 'node:vm';
import { RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import { importInThread } from './import-trial-thread.ts';
import { moduleFiles } from './module-files.ts';

const requireModule = createRequire(import.meta.url);
const GUARDED_LOAD = new Script('load(file)', { filename: 'journeys-import-trial' });

/**
 * @throws RunnerError `USER_MODULE_IMPORT_TIMEOUT` naming the file, or `INTERRUPTED` when `signal` aborts first.
 * @example await importWithin(['users/'], 60);
 */
export async function importWithin(
  paths: readonly string[],
  seconds: number,
  signal?: AbortSignal,
): Promise<void> {
  const { files } = await moduleFiles(paths);
  if (files.length === 0) return;
  const deadline = performance.now() + seconds * 1000;
  const awaiting: string[] = [];
  for (const file of files) {
    if (signal?.aborted) throw interrupted(signal);
    const left = Math.ceil(deadline - performance.now());
    if (left <= 0) throw timedOut(file, seconds);
    try {
      GUARDED_LOAD.runInNewContext({ load: requireModule, file }, { timeout: left, breakOnSigint: true });
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw timedOut(file, seconds);
      if (code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') {
        // The script held Ctrl-C for itself: hand it on, so the run stops as for any Ctrl-C.
        process.emit('SIGINT', 'SIGINT');
        throw interrupted(signal);
      }
      if (code === 'ERR_REQUIRE_ASYNC_MODULE') awaiting.push(file);
      // Any other error: the real import reports it with its file and line; this trial is only about time.
    }
  }
  if (awaiting.length === 0) return;
  const left = Math.max(0, deadline - performance.now());
  await importInThread(awaiting, {
    milliseconds: left,
    signal,
    onTimeout: (file) => timedOut(file, seconds),
    onAbort: () => interrupted(signal),
  });
}

function timedOut(file: string, seconds: number): RunnerError {
  return new RunnerError(
    `import did not finish within ${seconds} s (a loop or an endless await at its top level?)`,
    {
      code: 'USER_MODULE_IMPORT_TIMEOUT',
      where: relative(process.cwd(), file) || file,
      hint: 'move long work into testStart or a journey step, or raise hook_timeout (--hook-timeout)',
    },
  );
}

function interrupted(signal: AbortSignal | undefined): RunnerError {
  const stop: StopSignal = signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  return new RunnerError(`run interrupted (${stop}) while the user modules were imported`, {
    code: 'INTERRUPTED',
    exitCode: signalExitCode(stop),
  });
}
