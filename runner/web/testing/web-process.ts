/**
 * Test support: `journeys web` as a real child process on 127.0.0.1 and a free port, with
 * the test shop against a target, and its address once it listens.
 */
import { printed, type Started, startJourneys, users } from '../../testing/cli-harness.ts';

export interface WebProcess {
  started: Started;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Ctrl-C (a running test writes its files first) and its exit. */
  quit(): Promise<number | null>;
}

/**
 * @example const web = await startWebProcess(bench.target.url, bench.dir, ['--web-auth', 'a:b']);
 */
export async function startWebProcess(
  target: string,
  resultsDir: string,
  extra: string[] = [],
): Promise<WebProcess> {
  const started = startJourneys(
    [
      'web',
      '-f',
      users,
      '--threads',
      '1',
      '-H',
      target,
      '--results-dir',
      resultsDir,
      '--web-port',
      '0',
      ...extra,
    ],
    { timeoutMs: 90_000 },
  );
  await printed(started, 'journeys web UI at ');
  const url = /journeys web UI at (\S+)/.exec(started.stdout())![1];
  return {
    started,
    url,
    async quit() {
      started.child.kill('SIGINT');
      return (await started.done).code;
    },
  };
}
