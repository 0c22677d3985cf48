/**
 * `journeys run --master`: serves the protocol, waits for `--expect-workers`, then runs the
 * session with the workers as its load pool — testStart, testStop and invariants once, here;
 * the console, the CSVs, the HTML report and summary.json of the merged run.
 */
import type { RunConfig } from '../config/run-config.ts';
import { type RunOutput, startRunSession } from '../drive/run-session.ts';
import { watchSignals } from '../drive/signals.ts';
import { RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import { masterRole } from './master-role.ts';
import { isLoopback, serveMaster } from './master-server.ts';
import { usersModulesHash } from './modules-hash.ts';
import { WAITING_POLL_MS } from './protocol.ts';
import { WorkerRegistry } from './worker-registry.ts';

export interface MasterOptions {
  bindHost: string;
  bindPort: number;
  expectWorkers: number;
  /** Required unless bound to loopback. */
  token?: string;
}

/** How long an ending master waits for its workers to hear the stop: a few of their polls. */
const STOP_NOTICE_MS = 5 * WAITING_POLL_MS;

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** @example process.exitCode = await runMaster(config, output, { bindHost: '127.0.0.1', bindPort: 5557, expectWorkers: 3 }); */
export async function runMaster(
  wholeRun: RunConfig,
  output: RunOutput,
  options: MasterOptions,
  out: Output = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (options.token === undefined && !isLoopback(options.bindHost)) {
    throw new RunnerError(`--master-bind-host ${options.bindHost} lets other machines in`, {
      code: 'MASTER_TOKEN_MISSING',
      hint: 'give a shared token with --master-token or JOURNEYS_MASTER_TOKEN (the workers give the same)',
    });
  }
  const print = (line: string) => out.write(`${line}\n`);
  const registry = new WorkerRegistry(await usersModulesHash(wholeRun.usersModules));
  const server = await serveMaster(registry, {
    host: options.bindHost,
    port: options.bindPort,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  let signal: StopSignal | undefined;
  let session: ReturnType<typeof startRunSession> | undefined;
  const { promise: interrupted, resolve: interrupt } = Promise.withResolvers<StopSignal>();
  const signals = watchSignals((received) => {
    signal = received;
    registry.stop(received);
    session?.stop(received);
    interrupt(received);
  });
  try {
    print(`master at ${server.url}: waiting for ${options.expectWorkers} worker(s)`);
    registry.events.onJoin = (worker) =>
      print(`worker ${worker.name} joined (${registry.present().length} of ${options.expectWorkers})`);
    registry.events.onLost = (worker) => print(`worker ${worker.name} lost before the start`);
    const enough = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (registry.present().length < options.expectWorkers) return;
        clearInterval(timer);
        resolve();
      }, 100);
    });
    const first = await Promise.race([enough.then(() => undefined), interrupted]);
    if (first) {
      print(`stopped by ${first} before the start: no load ran, no reports`);
      return signalExitCode(first);
    }
    registry.events.onJoin = undefined;
    const master = masterRole(
      registry,
      wholeRun,
      print,
      () => signal,
      () => session?.live(),
    );
    session = startRunSession(wholeRun, output, out, errors, master.role);
    if (signal) session.stop(signal);
    const result = await session.done;
    const missing = master.workers().filter((worker) => worker.state === 'missing');
    for (const worker of missing)
      print(
        `worker ${worker.name} (share ${worker.share}) went missing: the run holds its snapshots up to its last`,
      );
    return result.exitCode;
  } finally {
    signals.dispose();
    // Ended before or without the workers (a bad target, a signal while waiting): tell those
    // still polling to quit, rather than leave them to find the master lost.
    const stoppedAt = Date.now();
    registry.quit(signal ?? 'duration');
    const told = () =>
      registry.present().every((worker) => worker.state === 'done' || worker.lastSeen > stoppedAt);
    for (let waited = 0; !told() && waited < STOP_NOTICE_MS; waited += 100)
      await new Promise((resolve) => setTimeout(resolve, 100));
    registry.close();
    await server.close();
  }
}
