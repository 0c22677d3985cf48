/**
 * Imports the user modules once in a thread of their own before the run imports them, with
 * a time limit: a module that loops or awaits forever at its top level is named with its file
 * (one line, exit 2) instead of hanging the runner past Ctrl-C.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import { moduleFiles } from './module-files.ts';
import { adoptStrippedSources } from './stripped-sources.ts';

// As the load pool's threads: the sources in a checkout, the compiled files in the package.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const TRIAL_WORKER = new URL(
  FROM_SOURCES ? './import-trial-worker.ts' : './import-trial-worker.js',
  import.meta.url,
);
const TRIAL_EXEC_ARGV = FROM_SOURCES ? [...process.execArgv, '--conditions=journeys-source'] : undefined;

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
  const worker = new Worker(TRIAL_WORKER, {
    workerData: { urls: files.map((file) => pathToFileURL(file).href) },
    // `import … from 'journeys-runner'` in a user module resolves to the sources, as in the load threads.
    ...(TRIAL_EXEC_ARGV ? { execArgv: TRIAL_EXEC_ARGV } : {}),
  });
  let current = files[0];
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        const where = relative(process.cwd(), current) || current;
        reject(
          new RunnerError(
            `import did not finish within ${seconds} s (a loop or an endless await at its top level?)`,
            {
              code: 'USER_MODULE_IMPORT_TIMEOUT',
              where,
              hint: 'move long work into testStart or a journey step, or raise hook_timeout (--hook-timeout)',
            },
          ),
        );
      }, seconds * 1000);
      onAbort = () => {
        const stop: StopSignal = signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
        reject(
          new RunnerError(`run interrupted (${stop}) while the user modules were imported`, {
            code: 'INTERRUPTED',
            exitCode: signalExitCode(stop),
          }),
        );
      };
      if (signal?.aborted) onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on(
        'message',
        (message: { importing?: string; done?: boolean; stripped?: Record<string, string> }) => {
          if (message.importing)
            current = files.find((file) => pathToFileURL(file).href === message.importing) ?? current;
          if (message.stripped) adoptStrippedSources(message.stripped);
          if (message.done) resolve();
        },
      );
      // A thread that dies (its own process.exit, a crash) leaves the verdict to the real import.
      worker.on('error', () => resolve());
      worker.on('exit', () => resolve());
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  }
}
