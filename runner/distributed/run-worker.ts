/**
 * `journeys run --worker`: joins the master, takes its share of a test, starts the load at
 * the master's start time, sends its snapshots each second and stops when told — or, when
 * the master goes silent, on its own within MASTER_LOST_AFTER_MS, writing its own reports.
 * A headless master's one test ends the worker; under the master's web UI the worker goes
 * back to waiting once a test is done, and takes the next one (its session made again)
 * until the master quits, the master is lost, or a signal ends it.
 */
import { hostname } from 'node:os';
import type { StopReason } from '../drive/drive-load.ts';
import { type RunOutput, startRunSession } from '../drive/run-session.ts';
import { watchSignals } from '../drive/signals.ts';
import { RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import type { UserMixEntry } from '../load-model/user-mix.ts';
import { userCountsFor } from '../load-model/user-mix.ts';
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

type RunCommand = Extract<Command, { kind: 'run' }>;

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
  // Set while the worker waits for a test: takes its share, or why no test comes.
  let offer: ((next: RunCommand | StopReason) => void) | undefined;
  // Cuts the poller's pause short (a test's end to report, a signal between tests).
  let wake = () => {};
  const signals = watchSignals((received) => {
    signal = received;
    session?.stop(received);
    offer?.(received);
    wake();
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
    let masterLost = false;
    let quitBy: StopReason | undefined;
    // The last test taken on, and the last load change applied in it: both go back with each
    // poll, so the master sends neither again and none is lost.
    let test = 0;
    let changeVersion = 0;
    let inTest = false;
    let testStop: StopReason | undefined;
    let start: (at: number | undefined) => void = () => {};
    // A test's end for the master (its exit code, whether the worker leaves), until a poll carries it.
    let ending: { exitCode: number; leaving: boolean; heard: () => void } | undefined;

    const stopTest = (reason: StopReason) => {
      testStop ??= reason;
      start(undefined);
      session?.stop(reason);
    };
    const obey = (command: Command) => {
      if (command.kind === 'run') {
        if (offer && command.test > test) {
          test = command.test;
          offer(command);
        }
      } else if (command.kind === 'start') start(link.local(command.startAt));
      else if (command.kind === 'stop') {
        // A stop heard between tests is the last test's, already done.
        if (inTest) stopTest(command.reason);
      } else if (command.kind === 'quit') {
        quitBy ??= command.reason;
        if (inTest) stopTest(command.reason);
        offer?.(command.reason);
      } else if (command.kind === 'change') {
        const live = session?.live();
        if (live && command.version > changeVersion) {
          const { kind: _, version, positions, ...change } = command;
          if (positions) live.drive.moveShard(positions);
          live.drive.retarget(change);
          changeVersion = version;
          print(`the master changed this worker's load: ${describeChange(command, live.mix)}`);
        }
      }
    };

    const pollOnce = async () => {
      const snapshots = outbox.splice(0);
      const told = ending;
      let answer: PollAnswer;
      try {
        answer = await link.poll({
          id,
          state,
          users: session?.live()?.runningUsers() ?? 0,
          snapshots,
          changeVersion,
          test,
          ...(told ? { exitCode: told.exitCode, ...(told.leaving ? { leaving: true } : {}) } : {}),
        });
      } catch (error) {
        outbox.unshift(...snapshots);
        // A refusal (410: the master counted us lost) or silence past the limit: on our own now.
        if (error instanceof MasterRefused || Date.now() - lastHeard > MASTER_LOST_AFTER_MS) {
          if (!masterLost) {
            masterLost = true;
            const why = `the master at ${link.url} is lost (${error instanceof Error ? error.message : error})`;
            if (inTest) {
              print(`${why}: stopping, writing this worker's reports`);
              stopTest('master');
            } else if (!inTest && !told) print(`${why}: this worker ends`);
            offer?.('master');
            ending?.heard();
          }
        }
        return false;
      }
      lastHeard = Date.now();
      if (told) {
        told.heard();
        if (ending === told) ending = undefined;
      }
      obey(answer.command);
      return true;
    };
    let polling = true;
    const poller = (async () => {
      while (polling && !masterLost) {
        const answered = await pollOnce();
        // A test's end set while a poll was on its way goes at once.
        if (answered && ending) continue;
        // A failed poll is tried again soon: one slow answer must not cost the run.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(
            resolve,
            state === 'running' && answered ? RUNNING_POLL_MS : WAITING_POLL_MS,
          );
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
    const nextTest = () =>
      new Promise<RunCommand | StopReason>((resolve) => {
        const over = signal ?? quitBy ?? (masterLost ? 'master' : undefined);
        if (over) return resolve(over);
        offer = (next) => {
          offer = undefined;
          resolve(next);
        };
      });
    // Until the master has the test's end (or is lost): its pool waits for every worker's `done`.
    const tell = (exitCode: number, leaving: boolean) =>
      new Promise<void>((heard) => {
        if (masterLost) return heard();
        ending = { exitCode, leaving, heard };
        wake();
      });

    const runTest = async (assignment: RunCommand): Promise<number> => {
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
      const { promise: started, resolve } = Promise.withResolvers<number | undefined>();
      start = resolve;
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
      const stopped = signal ?? testStop;
      if (stopped) session.stop(stopped);
      return (await session.done).exitCode;
    };

    let lastExitCode: number | undefined;
    for (;;) {
      const next = await nextTest();
      if (typeof next === 'string') {
        // Ended by a signal: the master forgets this worker now, rather than find it lost.
        if (signal && quitBy === undefined && !masterLost)
          await tell(lastExitCode ?? signalExitCode(signal), true);
        polling = false;
        wake();
        await poller;
        if (lastExitCode !== undefined) {
          if (next !== 'master')
            print(`this worker ends (${quitBy === undefined ? next : `the master quit: ${quitBy}`})`);
          return lastExitCode;
        }
        print(
          next === 'master'
            ? 'no load ran, no reports'
            : `the master ended before the load began (${next}): no load ran, no reports`,
        );
        return signal ? signalExitCode(signal) : 1;
      }
      inTest = true;
      testStop = undefined;
      changeVersion = 0;
      let failure: unknown;
      try {
        lastExitCode = await runTest(next);
      } catch (error) {
        failure = error;
        lastExitCode = error instanceof RunnerError ? error.exitCode : 1;
      }
      state = 'done';
      inTest = false;
      session = undefined;
      const leaving = !next.stays || signal !== undefined || quitBy !== undefined;
      // The last snapshots and the exit code; the master counts a silent worker lost anyway.
      await tell(lastExitCode, leaving);
      if (leaving || masterLost) {
        polling = false;
        wake();
        await poller;
        if (failure !== undefined) throw failure;
        return lastExitCode;
      }
      // The web UI's next test may have other settings: this one's error is its own.
      if (failure !== undefined)
        errors.write(`error: ${failure instanceof Error ? failure.message.split('\n')[0] : failure}\n`);
      state = 'joined';
      changeVersion = 0;
      print('the test is done: waiting for the next one from the master');
    }
  } finally {
    signals.dispose();
  }
}

/** `4 users at 2/s (positions 1/3 of the run's users: A 3, B 1)`, or the arrival rate. */
function describeChange(change: Extract<Command, { kind: 'change' }>, mix: readonly UserMixEntry[]): string {
  if (change.arrivalRate !== undefined)
    return `${change.arrivalRate} arrivals/s (this worker's share of them)`;
  const rate = change.spawnRate === undefined ? '' : ` at ${Number(change.spawnRate.toFixed(3))}/s`;
  const { positions } = change;
  if (change.users === undefined || !positions) return `${change.users} users${rate}`;
  const classes = Object.entries(userCountsFor(change.users, mix, positions))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return `${change.users} users${rate} (positions ${positions.index}/${positions.count} of the run's users: ${classes})`;
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
