/**
 * Distributed mode's overhead: 1 master + 4 workers of `journeys run` against one target
 * process on this machine (all on 127.0.0.1), for a bounded time. Prints the merged request
 * count and the CPU-seconds (user + system, read from /proc) each process used, and the
 * master's CPU per merged request beside the workers' total, side by side in one run.
 *
 * The window is the load period, the same for every process: from the master's start line
 * (printed at the start time every worker also starts at) for `--seconds`. Start-up, joining,
 * the workers' thread set-up, the stop and every process's report writing are outside it;
 * a second line gives the window from the start line to each process's exit, reports included.
 *
 *   npx node scripts/bench/distributed.ts [--seconds 20] [--users 40] [--workers 4] [--rounds 1]
 *     [--profile-master <dir>]   (the master under `node --cpu-prof`, its profile written there)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { processCpuSeconds } from './tools.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    users: { type: 'string', default: '40' },
    workers: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '1' },
    'profile-master': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const users = Number(values.users);
const workerCount = Number(values.workers);
const rounds = Math.max(1, Number(values.rounds));
const profileDir = values['profile-master'] === undefined ? undefined : resolve(values['profile-master']);
const root = fileURLToPath(new URL('../..', import.meta.url));
/** The master prints this when its load starts, at the start time the workers start at too. */
const START_LINE = 'journeys run:';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function started(args: string[], onOutput?: (output: string) => void): Started {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const take = (chunk: Buffer) => {
    output += chunk;
    onOutput?.(output);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  // Bounded: nothing outlives the run by more than a minute and a half.
  const guard = setTimeout(() => child.kill('SIGKILL'), (seconds + 90) * 1000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function aggregatedCount(prefix: string): number {
  const lines = readFileSync(`${prefix}_stats.csv`, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const row = lines.find((line) => line.includes(',Aggregated,'))!.split(',');
  return Number(row[header.indexOf('Request Count')]);
}

interface Round {
  merged: number;
  perWorker: number[];
  /** CPU-seconds in the load window, and from the start line to exit. */
  master: { load: number; toExit: number };
  workers: { load: number; toExit: number };
  load: string;
}

async function round(url: string): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-distributed-'));
  const port = await freePort();
  const usersModule = ['-f', 'scripts/bench/bench-users.ts', 'ThroughputUser'];
  const all: Started[] = [];
  // The last reading of each process before it exits (read four times a second).
  const last = new Map<number, number>();
  let exitedEarly = 0;
  /** Reads every process; returns how many had exited (their last reading stands). */
  const read = () => {
    let exited = 0;
    for (const { child } of all)
      try {
        last.set(child.pid!, processCpuSeconds(child.pid!));
      } catch {
        exited++;
      }
    return exited;
  };
  const cpuNow = (atEnd = false) => {
    const exited = read();
    if (atEnd) exitedEarly = exited;
    return new Map(last);
  };
  const sampler = setInterval(read, 250);
  const { promise: loadStarted, resolve: startLoad } = Promise.withResolvers<Map<number, number>>();
  let loadSeen = false;
  let loadStartedAt = 0;
  const master = started(
    [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
      'runner/bin.js',
      'run',
      '--master',
      '--expect-workers',
      String(workerCount),
      '--master-bind-port',
      String(port),
      ...usersModule,
      '-H',
      url,
      '-u',
      String(users),
      '-r',
      String(users),
      '-t',
      `${seconds}s`,
      '--only-summary',
      '--csv',
      join(dir, 'master'),
    ],
    (output) => {
      if (!loadSeen && output.includes(START_LINE)) {
        loadSeen = true;
        loadStartedAt = Date.now();
        startLoad(cpuNow());
      }
    },
  );
  all.push(master);
  const workers = Array.from({ length: workerCount }, (_, i) =>
    started([
      'runner/bin.js',
      'run',
      '--worker',
      '--master-port',
      String(port),
      ...usersModule,
      '--threads',
      '1',
      '--only-summary',
      '--csv',
      join(dir, `worker${i}`),
    ]),
  );
  all.push(...workers);
  const exited = Promise.all(all.map((process) => process.exited));
  const atStart = await Promise.race([loadStarted, exited.then(() => undefined)]);
  let atEnd: Map<number, number> | undefined;
  if (atStart) {
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    atEnd = cpuNow(true);
  }
  const codes = await exited;
  clearInterval(sampler);
  // A profile ends at the master's exit: where in it the load window lies.
  if (profileDir)
    console.log(
      `  profile in ${profileDir}: the load window is the ${seconds} s from ${Date.now() - loadStartedAt} ms before its end`,
    );
  if (!atStart || !atEnd || codes.some((code) => code !== 0)) {
    console.log(`exit codes: master ${codes[0]}, workers ${codes.slice(1).join(' ')}`);
    console.log(master.output().split('\n').slice(-12).join('\n'));
    throw new Error('the run failed');
  }
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  const cpu = (processes: Started[], to: Map<number, number>) =>
    processes.reduce((sum, { child }) => sum + (to.get(child.pid!) ?? 0) - atStart.get(child.pid!)!, 0);
  const figures: Round = {
    merged: aggregatedCount(join(dir, 'master')),
    perWorker: workers.map((_, i) => aggregatedCount(join(dir, `worker${i}`))),
    master: { load: cpu([master], atEnd), toExit: cpu([master], last) },
    workers: { load: cpu(workers, atEnd), toExit: cpu(workers, last) },
    load,
  };
  rmSync(dir, { recursive: true, force: true });
  // The start line reached this process late (a loaded machine): the window overran some process's end.
  if (exitedEarly > 0) console.log(`  note: ${exitedEarly} process(es) had exited before the window's end`);
  return figures;
}

const target = started(['scripts/bench/target.ts']);
while (!/listening (\S+)/.test(target.output())) await new Promise((resolve) => setTimeout(resolve, 50));
const url = /listening (\S+)/.exec(target.output())![1];
console.log(
  `1 master + ${workerCount} workers (1 thread each), ${users} users, ${seconds} s, one target process; ` +
    `load window: the ${seconds} s from the master's start line (start-up and reports outside)`,
);
try {
  for (let n = 1; n <= rounds; n++) {
    const r = await round(url);
    const micros = (cpu: number) => ((cpu / r.merged) * 1e6).toFixed(1);
    const share = (part: number, whole: number) => `${((part / whole) * 100).toFixed(2)} %`;
    console.log(`round ${n}: load average ${r.load} at the end`);
    console.log(
      `  merged requests        ${r.merged} (workers' own: ${r.perWorker.join(' + ')} = ${r.perWorker.reduce((a, b) => a + b, 0)})`,
    );
    console.log(
      `  master CPU, load       ${r.master.load.toFixed(2)} s  (${micros(r.master.load)} µs per merged request)`,
    );
    console.log(
      `  workers' CPU, load     ${r.workers.load.toFixed(2)} s  (${micros(r.workers.load)} µs per request)`,
    );
    console.log(`  master / workers, load ${share(r.master.load, r.workers.load)}`);
    console.log(
      `  to exit (stop, reports) master ${r.master.toExit.toFixed(2)} s, workers ${r.workers.toExit.toFixed(2)} s: ${share(r.master.toExit, r.workers.toExit)}`,
    );
  }
} finally {
  target.child.kill('SIGTERM');
}
