/**
 * `journeys run --worker`: joins the master, takes its share of the run, starts the load at
 * the master's start time, sends its snapshots each second and stops when told — or, when
 * the master goes silent, on its own within MASTER_LOST_AFTER_MS, writing its own reports.
 */
import { hostname } from 'node:os';
import type { StopReason } from '../drive/drive-load.ts';
import { type RunOutput, startRunSession } from '../drive/run-session.ts';
import { watchSignals } from '../drive/signals.ts';
import { RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import { MasterLink, MasterRefused, refusedLine } from './master-link.ts';
import { usersModulesHash } from './modules-hash.ts';
import {
  type Command,
  MASTER_LOST_AFTER_MS,
  type PollAnswer,
  RUNNING_POLL_MS,
  WAITING_POLL_MS,
  type WorkerState,
} from './protocol.ts';
import { configFromWire, snapshotToWire, type WireSnapshot } from './wire.ts';

export interface WorkerOptions {
  /** The master's base URL (`http://H:P`). */
  masterUrl: string;
  token?: string;
  /** This worker's user modules (absolute paths): they must hash as the master's do. */
  usersModules: string[];
  /** `--threads` on the worker; default the master's. */
  threads?: number;
  /** How long to keep trying to reach the master before joining (it may start later); default 60 s. */
  joinPatienceMs?: number;
}

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** @example process.exitCode = await runWorker(output, { masterUrl: 'http://127.0.0.1:5557', usersModules }); */
export async function runWorker(
  output: RunOutput,
  options: WorkerOptions,
  out: Output = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const print = (line: string) => out.write(`${line}\n`);
  const link = new MasterLink(options.masterUrl, options.token);
  const name = `${hostname()}-${process.pid}`;
  let signal: StopSignal | undefined;
  let session: ReturnType<typeof startRunSession> | undefined;
  const signals = watchSignals((received) => {
    signal = received;
    session?.stop(received);
  });
  try {
    const modulesHash = await usersModulesHash(options.usersModules);
    const { id } = await joinWithPatience(
      link,
      { name, modulesHash },
      options.joinPatienceMs ?? 60_000,
      () => signal,
      () => print(`waiting for the master at ${link.url} (up to a minute)…`),
    );
    print(`worker ${name} joined the master at ${link.url}`);

    let state = 'joined' as WorkerState;
    const outbox: WireSnapshot[] = [];
    let lastHeard = Date.now();
    let command: Command = { kind: 'wait' };
    const { promise: started, resolve: start } = Promise.withResolvers<number | undefined>();
    const { promise: assigned, resolve: assign } = Promise.withResolvers<
      Extract<Command, { kind: 'run' }> | StopReason
    >();
    let masterLost = false;
    // The last load change applied (its version goes back with each poll, so none is lost).
    let changeVersion = 0;
    const stop = (reason: StopReason) => {
      start(undefined);
      assign(reason);
      session?.stop(reason);
    };

    const pollOnce = async (exitCode?: number) => {
      const snapshots = outbox.splice(0);
      let answer: PollAnswer;
      try {
        answer = await link.poll({
          id,
          state,
          users: session?.live()?.runningUsers() ?? 0,
          snapshots,
          changeVersion,
          ...(exitCode === undefined ? {} : { exitCode }),
        });
      } catch (error) {
        outbox.unshift(...snapshots);
        // A refusal (410: the master counted us lost) or silence past the limit: on our own now.
        if (error instanceof MasterRefused || Date.now() - lastHeard > MASTER_LOST_AFTER_MS) {
          if (!masterLost && state !== 'done') {
            masterLost = true;
            print(
              `the master at ${link.url} is lost (${error instanceof Error ? error.message : error}): stopping, writing this worker's reports`,
            );
            stop('master');
          }
        }
        return false;
      }
      lastHeard = Date.now();
      command = answer.command;
      if (command.kind === 'run') assign(command);
      else if (command.kind === 'start') start(link.local(command.startAt));
      else if (command.kind === 'stop') stop(command.reason);
      else if (command.kind === 'change') {
        const drive = session?.live()?.drive;
        if (drive && command.version > changeVersion) {
          const { kind: _, version, ...change } = command;
          drive.retarget(change);
          changeVersion = version;
          print(`the master changed this worker's load: ${describeChange(change)}`);
        }
      }
      return true;
    };
    let polling = true;
    const poller = (async () => {
      while (polling && !masterLost) {
        const answered = await pollOnce();
        // A failed poll is tried again soon: one slow answer must not cost the run.
        await sleep(state === 'running' && answered ? RUNNING_POLL_MS : WAITING_POLL_MS);
      }
    })();

    const assignment = await assigned;
    if (typeof assignment === 'string') {
      polling = false;
      await poller;
      print(
        assignment === 'master'
          ? 'no load ran, no reports'
          : `the master ended before the load began (${assignment}): no load ran, no reports`,
      );
      return signal ? signalExitCode(signal) : 1;
    }
    const whole = configFromWire(assignment.config);
    const config = {
      ...whole,
      host: assignment.host,
      usersModules: options.usersModules,
      threads: options.threads ?? whole.threads,
      shard: { index: assignment.index, count: assignment.count },
      // The master judges thresholds, resets the target and runs the run-level hooks.
      thresholds: [],
      abortOnThreshold: false as const,
      resetTarget: false,
    };
    session = startRunSession(config, output, out, errors, {
      testData: assignment.testData,
      onSnapshot: (snapshot) => outbox.push(snapshotToWire(snapshot)),
      async beforeLoad() {
        state = 'ready';
        const startAt = await started;
        if (startAt !== undefined) await sleep(startAt - Date.now());
        state = 'running';
      },
    });
    if (signal) session.stop(signal);
    let exitCode: number;
    try {
      exitCode = (await session.done).exitCode;
    } catch (error) {
      state = 'done';
      polling = false;
      await poller;
      if (!masterLost) await pollOnce(error instanceof RunnerError ? error.exitCode : 1);
      throw error;
    }
    state = 'done';
    polling = false;
    await poller;
    // The last snapshots and the exit code; the master counts a silent worker lost anyway.
    if (!masterLost) await pollOnce(exitCode);
    return exitCode;
  } finally {
    signals.dispose();
  }
}

function describeChange(change: { users?: number; spawnRate?: number; arrivalRate?: number }): string {
  if (change.arrivalRate !== undefined)
    return `${change.arrivalRate} arrivals/s (this worker's share of them)`;
  const rate = change.spawnRate === undefined ? '' : ` at ${Number(change.spawnRate.toFixed(3))}/s`;
  return `${change.users} users${rate}`;
}

async function joinWithPatience(
  link: MasterLink,
  request: { name: string; modulesHash: string },
  patienceMs: number,
  interrupted: () => StopSignal | undefined,
  waiting: () => void,
) {
  const giveUpAt = Date.now() + patienceMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await link.join(request);
    } catch (error) {
      if (error instanceof MasterRefused) throw refusedLine(error, link.url);
      const stopped = interrupted();
      if (stopped)
        throw new RunnerError(`stopped by ${stopped} before joining the master`, {
          code: 'INTERRUPTED',
          exitCode: signalExitCode(stopped),
        });
      if (Date.now() > giveUpAt)
        throw new RunnerError(
          `cannot reach the master at ${link.url}: ${error instanceof Error ? error.message : error}`,
          {
            code: 'MASTER_UNREACHABLE',
            hint: 'start the master first, or check --master-host / --master-port',
            exitCode: 1,
          },
        );
      if (attempt === 0) waiting();
      await sleep(1000);
    }
  }
}
