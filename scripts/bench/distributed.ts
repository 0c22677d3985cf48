/**
 * Distributed mode's overhead: 1 master + 4 workers of `journeys run` against one target
 * process on this machine (all on 127.0.0.1), for a bounded time. Prints the merged request
 * count and the CPU-seconds (user + system, read from /proc) each process used while the
 * load ran — from the master's "the load goes to" line to its exit — and the master's CPU per
 * merged request beside the workers' total, side by side in one run.
 *
 *   npx node scripts/bench/distributed.ts [--seconds 20] [--users 40] [--workers 4]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { processCpuSeconds } from './tools.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    users: { type: 'string', default: '40' },
    workers: { type: 'string', default: '4' },
  },
});
const seconds = Number(values.seconds);
const users = Number(values.users);
const workerCount = Number(values.workers);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-distributed-'));

function started(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  // Bounded: nothing outlives the run by more than a minute.
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

const target = started(['scripts/bench/target.ts']);
while (!/listening (\S+)/.test(target.output())) await new Promise((resolve) => setTimeout(resolve, 50));
const url = /listening (\S+)/.exec(target.output())![1];
const port = await freePort();
const usersModule = ['-f', 'scripts/bench/bench-users.ts', 'ThroughputUser'];

const master = started([
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
]);
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

// CPU so far of every process, sampled four times a second; the window opens at the master's load line.
const all = [master, ...workers];
const last = new Map<number, number>();
const atStart = new Map<number, number>();
const sampler = setInterval(() => {
  for (const { child } of all) {
    try {
      last.set(child.pid!, processCpuSeconds(child.pid!));
    } catch {
      // Exited: its last sample stands.
    }
  }
  if (atStart.size === 0 && master.output().includes('the load goes to'))
    for (const [pid, cpu] of last) atStart.set(pid, cpu);
}, 250);
const codes = await Promise.all(all.map((process) => process.exited));
clearInterval(sampler);
target.child.kill('SIGTERM');

const window = (pid: number) => (last.get(pid) ?? 0) - (atStart.get(pid) ?? 0);
const aggregated = (prefix: string) => {
  const lines = readFileSync(`${prefix}_stats.csv`, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const row = lines.find((line) => line.includes(',Aggregated,'))!.split(',');
  return Number(row[header.indexOf('Request Count')]);
};
const merged = aggregated(join(dir, 'master'));
const perWorker = workers.map((_, i) => aggregated(join(dir, `worker${i}`)));
const masterCpu = window(master.child.pid!);
const workersCpu = workers.reduce((sum, { child }) => sum + window(child.pid!), 0);
const micros = (cpu: number) => ((cpu / merged) * 1e6).toFixed(1);

console.log(`exit codes: master ${codes[0]}, workers ${codes.slice(1).join(' ')}`);
if (codes.some((code) => code !== 0)) console.log(master.output().split('\n').slice(-12).join('\n'));
console.log(
  `1 master + ${workerCount} workers, ${users} users, ${seconds} s; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
console.log(
  `merged requests        ${merged} (workers' own: ${perWorker.join(' + ')} = ${perWorker.reduce((a, b) => a + b, 0)})`,
);
console.log(`master CPU             ${masterCpu.toFixed(2)} s  (${micros(masterCpu)} µs per merged request)`);
console.log(`workers' CPU, total    ${workersCpu.toFixed(2)} s  (${micros(workersCpu)} µs per request)`);
console.log(`master / workers       ${((masterCpu / workersCpu) * 100).toFixed(2)} %`);
rmSync(dir, { recursive: true, force: true });
