/**
 * Test support: `journeys web` as a real child process on 127.0.0.1 and a free port, with
 * the test shop against a target, and its address once it listens.
 */
import { type Started, startJourneys, users } from '../../testing/cli-harness.ts';

export interface WebProcess {
  started: Started;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Ctrl-C (a running test writes its files first) and its exit. */
  quit(): Promise<number | null>;
}

/**
 * `target` undefined = the embedded service; `usersModule` default the test shop.
 * @example const web = await startWebProcess(bench.target.url, bench.dir, ['--web-auth', 'a:b']);
 */
export async function startWebProcess(
  target: string | undefined,
  resultsDir: string,
  extra: string[] = [],
  usersModule = users,
): Promise<WebProcess> {
  const started = startJourneys(
    [
      'web',
      '-f',
      usersModule,
      '--threads',
      '1',
      ...(target ? ['-H', target] : []),
      '--results-dir',
      resultsDir,
      '--web-port',
      '0',
      ...extra,
    ],
    { timeoutMs: 90_000 },
  );
  const done = () => Promise.race([started.done, Promise.resolve(undefined)]);
  // Generous: on a busy machine importing a suite's modules alone can take seconds.
  const deadline = Date.now() + 60_000;
  while (!started.stdout().includes('journeys web UI at ')) {
    if (Date.now() > deadline || started.child.exitCode !== null)
      throw new Error(`journeys web did not start: ${started.stdout()}${(await done())?.stderr ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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
