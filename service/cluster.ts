/**
 * `WORKERS=n npm run service`: n `node:cluster` workers, each a whole service over the same
 * PostgreSQL (optimistic concurrency lives in the database, each subscriber runs on one
 * worker at a time behind its advisory lock). The primary serves nothing itself: it forks,
 * prints the one ready line once every worker listens, and stops them on a signal.
 *
 * Workers share one listening socket held by the primary, so `PORT=0` gives all of them the
 * same ephemeral port. A worker that dies after start-up is replaced (and logged); one that
 * dies before it listens — at start or as a replacement — stops the whole service with
 * exit code 1, so a crash loop ends instead of spinning.
 */
import cluster, { type Worker } from 'node:cluster';
import { jsonLog } from './context.ts';

/** Worker → primary once its service listens; primary → worker to stop gracefully. */
export type ClusterMessage = { type: 'journeys-ready'; url: string } | { type: 'journeys-stop' };

export function isClusterMessage<T extends ClusterMessage['type']>(
  value: unknown,
  type: T,
): value is Extract<ClusterMessage, { type: T }> {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === type;
}

/** WORKERS from the environment; more than one needs PostgreSQL (PGlite lives in one process). */
export function workersFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.WORKERS;
  if (text === undefined || text === '') return 1;
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    throw new Error(`WORKERS must be a whole number from 1 to 256, got "${text}"`);
  if (workers > 1 && !env.DATABASE_URL)
    throw new Error(
      `WORKERS=${workers} needs DATABASE_URL: PGlite runs in one process (set DATABASE_URL to a PostgreSQL, or drop WORKERS)`,
    );
  return workers;
}

export interface ClusterPrimaryOptions {
  workers: number;
  /** Called once, when every worker listens (all on the same URL). */
  onReady(url: string): void;
}

export interface ClusterPrimary {
  /** Stops every worker gracefully (not-yet-ready ones are killed), then exits the process. */
  stop(reason: string): void;
}

/**
 * Forks the workers and supervises them; the process exits when they are all gone: 0 after a
 * clean stop, 1 after a start-up failure or a worker that did not stop cleanly.
 *
 * @example
 * const primary = startClusterPrimary({ workers: 2, onReady: (url) => console.log(url) });
 * process.on('SIGTERM', () => primary.stop('SIGTERM'));
 */
export function startClusterPrimary(options: ClusterPrimaryOptions): ClusterPrimary {
  // Workers never read stdin (the primary watches it when it must exit with its parent).
  cluster.setupPrimary({ stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const urls = new Map<Worker, string>();
  let started = false;
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message, 'journeys-ready')) return;
      urls.set(worker, message.url);
      if (stopping) stopWorker(worker);
      else if (!started && urls.size === options.workers) announce();
    });
  };

  const announce = () => {
    started = true;
    const distinct = new Set(urls.values());
    if (distinct.size !== 1) return fail(`workers listen on different URLs: ${[...distinct].join(', ')}`);
    options.onReady([...distinct][0]);
  };

  const stopWorker = (worker: Worker) => {
    if (urls.has(worker) && worker.isConnected())
      worker.send({ type: 'journeys-stop' } satisfies ClusterMessage);
    else worker.process.kill('SIGKILL');
  };

  const stop = (reason: string) => {
    if (stopping) {
      // A second signal: the operator means it.
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    jsonLog('info', 'shutting down', { reason, workers: Object.keys(cluster.workers ?? {}).length });
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(exitCode);
    for (const worker of workers) if (worker) stopWorker(worker);
  };

  const fail = (message: string) => {
    process.stderr.write(`journeys-service: ${started ? '' : 'cannot start: '}${message}\n`);
    exitCode = 1;
    stop('failure');
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = urls.delete(worker);
    const how = signal ?? `exit code ${code}`;
    if (stopping) {
      if (code !== 0 && signal !== 'SIGKILL') exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    if (!wasReady) return fail(`worker ${worker.process.pid} exited during start-up (${how})`);
    jsonLog('error', 'worker died; starting a replacement', { pid: worker.process.pid, how });
    fork();
  });

  for (let i = 0; i < options.workers; i++) fork();
  return { stop };
}
