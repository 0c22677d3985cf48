/**
 * The import trial of modules whose graph awaits at its top level (import-trial.ts cannot
 * require those): imported in a thread of their own, so that a loop or an await that never
 * ends can be named by a timer in the main thread and the thread stopped.
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { adoptStrippedSources } from './stripped-sources.ts';

// As the load pool's threads: the sources in a checkout, the compiled files in the package.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const TRIAL_WORKER = new URL(
  FROM_SOURCES ? './import-trial-worker.ts' : './import-trial-worker.js',
  import.meta.url,
);
const TRIAL_EXEC_ARGV = FROM_SOURCES ? [...process.execArgv, '--conditions=journeys-source'] : undefined;

export interface ThreadTrialOptions {
  /** How long the thread may take for all of `files`. */
  milliseconds: number;
  signal?: AbortSignal | undefined;
  /** The error for a module still importing when the time is up. */
  onTimeout(file: string): Error;
  /** The error for a stop that comes first. */
  onAbort(): Error;
}

/**
 * @throws what `onTimeout` or `onAbort` makes.
 * @example await importInThread(['/app/users/slow.ts'], { milliseconds: 60_000, onTimeout, onAbort });
 */
export async function importInThread(files: readonly string[], options: ThreadTrialOptions): Promise<void> {
  const { signal } = options;
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
      timer = setTimeout(() => reject(options.onTimeout(current)), options.milliseconds);
      onAbort = () => reject(options.onAbort());
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
