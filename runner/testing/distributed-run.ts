/**
 * A distributed run for the tests: a master and N workers of `journeys run`, each a real
 * child process on loopback, aimed at the counting target; the workers join the master on
 * the port it printed (the master listens on an ephemeral port).
 */
import { join } from 'node:path';
import { csv, row, type Started, startJourneys } from './cli-harness.ts';

/** The Aggregated row's request count in `<prefix>_stats.csv`. */
export async function aggregated(prefix: string): Promise<number> {
  return Number(row(await csv(`${prefix}_stats.csv`), 'Aggregated')?.['Request Count']);
}

/** What the target answered on the paths `byProcess` users send (`/by/<process>`), all processes together. */
export function servedByWorkers(served: ReadonlyMap<string, number>): number {
  return [...served].filter(([path]) => path.startsWith('/by/')).reduce((sum, [, n]) => sum + n, 0);
}

/** The test user whose paths name the sending process (runner/testing/distributed-users). */
export const byProcess = 'runner/testing/distributed-users';

export interface DistributedRun {
  master: Started;
  workers: Started[];
  masterPrefix: string;
  workerPrefix(i: number): string;
  /** SIGKILL to every process still there (a failed test leaves none behind). */
  kill(): void;
}

/** Waits (at most 60 s: four runners start on a shared machine) until `condition` holds. */
export async function waitLong(condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited 60 s in vain: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until `started` has printed `text`. */
export function printedLong(started: Started, text: string): Promise<void> {
  return waitLong(
    () => started.stdout().includes(text),
    () => `never printed "${text}": ${started.stdout()}`,
  );
}

/** Two user classes weighted 3:1, sending as `byProcess` does (runner/testing/distributed-mix). */
export const threeToOne = 'runner/testing/distributed-mix';

/** One worker of `journeys run` on one thread, joining the master on `port`, its files at `prefix`. */
export function startWorker(
  port: string,
  prefix: string,
  options: { timeoutMs: number; args?: string[]; users?: string },
): Started {
  return startJourneys(
    [
      'run',
      '--worker',
      '--master-port',
      port,
      '-f',
      options.users ?? byProcess,
      '--threads',
      '1',
      '--csv',
      prefix,
      ...(options.args ?? []),
    ],
    { timeoutMs: options.timeoutMs },
  );
}

/** Starts the master with `load` (words), waits for its port, then starts `count` workers. */
export async function startDistributedRun(options: {
  dir: string;
  target: string;
  count: number;
  load: string;
  timeoutMs?: number;
  masterArgs?: string[];
  workerArgs?: string[];
  /** The user modules of master and workers; default `byProcess`. */
  users?: string;
}): Promise<DistributedRun> {
  const { dir, count } = options;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const masterPrefix = join(dir, 'master');
  const workerPrefix = (i: number) => join(dir, `worker${i}`);
  const master = startJourneys(
    [
      'run',
      '--master',
      '--expect-workers',
      String(count),
      '--master-bind-port',
      '0',
      '-f',
      options.users ?? byProcess,
      '-H',
      options.target,
      '--csv',
      masterPrefix,
      ...options.load.trim().split(/\s+/),
      ...(options.masterArgs ?? []),
    ],
    { timeoutMs },
  );
  let port = '';
  await waitLong(
    () => {
      port = /master at http:\/\/127\.0\.0\.1:(\d+)/.exec(master.stdout())?.[1] ?? '';
      return port !== '';
    },
    () => `the master never said its port: ${master.stdout()}`,
  );
  const workers = Array.from({ length: count }, (_, i) =>
    startWorker(port, workerPrefix(i), {
      timeoutMs,
      ...(options.workerArgs ? { args: options.workerArgs } : {}),
      ...(options.users ? { users: options.users } : {}),
    }),
  );
  const kill = () => {
    for (const { child } of [master, ...workers])
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { master, workers, masterPrefix, workerPrefix, kill };
}
