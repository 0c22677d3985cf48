/**
 * Load-generator benchmark: our runner against autocannon, Artillery, wrk and Locust's
 * FastHttpUser on the same loopback target, each for a bounded time. Prints requests per
 * generator CPU-second (the whole generator process, start to exit), the 50 ms endpoint's
 * p50/p99 by our runner and by wrk, and the RSS of 10,000 and 100,000 waiting users.
 *
 *   npx node scripts/bench/runner.ts [--seconds 10] [--connections 50] [--repeat 2] [--user JourneyThroughputUser]
 *
 * Our runner is the compiled package (built once per bench run) installed into a scratch
 * project with ./bench-users.ts beside it, as a user runs it. A child mode by hand from the
 * TypeScript sources: `npx node --conditions=journeys-source scripts/bench/runner.ts
 * --generator 50 --url URL --users scripts/bench/bench-users.ts` (no `--package`).
 *
 * Tools that are not installed are skipped with a note (wrk, Locust: apt-get install wrk
 * python3-locust; Artillery: see ARTILLERY_INSTALL in ./artillery.ts, or a global one).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ARTILLERY_INSTALL, artillery, artilleryScript } from './artillery.ts';
import { consumerProject } from './consumer-project.ts';
import { startTarget } from './start-target.ts';
import {
  autocannon,
  hasWrk,
  lastJson,
  locustCommand,
  locustFastHttp,
  measure,
  type Throughput,
  wrk,
  wrkPercentile,
} from './tools.ts';

interface GeneratorResult {
  requests: number;
  failures: number;
  windowCpuSeconds: number;
  p50?: number;
  p99?: number;
}

interface IdleResult {
  seconds: number;
  peakRss: number;
  baselineRss: number;
  journeys: number;
}

const SELF = fileURLToPath(import.meta.url);
/** The longest an idle-users measurement may run. */
const IDLE_CAP_SECONDS = 40;
const BENCH_USERS = fileURLToPath(new URL('./bench-users.ts', import.meta.url));
/** The child modes' arguments that point them at the installed package and the bench users beside it. */
let installed: string[] = [];

/** The runner's modules a child mode drives: the installed package's compiled ones, or (no `--package`) the sources. */
interface RunnerModules {
  checkUsers: typeof import('../../runner/discovery/check-users.ts').checkUsers;
  discoverUserClasses: typeof import('../../runner/discovery/discover.ts').discoverUserClasses;
  RunStats: typeof import('../../runner/stats/run-stats.ts').RunStats;
  createLoadPool: typeof import('../../runner/threads/pool.ts').createLoadPool;
}

async function runnerModules(pkg: string | undefined): Promise<RunnerModules> {
  const load = (module: string) =>
    pkg === undefined
      ? import(new URL(`../../runner/${module}.ts`, import.meta.url).href)
      : import(pathToFileURL(join(pkg, 'dist', `${module}.js`)).href);
  const [check, discover, stats, pool] = await Promise.all([
    load('discovery/check-users'),
    load('discovery/discover'),
    load('stats/run-stats'),
    load('threads/pool'),
  ]);
  return {
    checkUsers: check.checkUsers,
    discoverUserClasses: discover.discoverUserClasses,
    RunStats: stats.RunStats,
    createLoadPool: pool.createLoadPool,
  };
}

/** The bench users module, checked as a run's pre-flight checks it, `name` to start. */
async function benchUsers(runner: RunnerModules, name: string) {
  const { users } = await runner.discoverUserClasses([values.users ?? BENCH_USERS]);
  return runner.checkUsers(users, [name]);
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    generator: { type: 'string' },
    idle: { type: 'string' },
    url: { type: 'string' },
    /** The bench users our runner plays: in a child mode one class; else a comma-separated list, a row each. */
    user: { type: 'string', default: 'ThroughputUser,JourneyThroughputUser' },
    warmup: { type: 'string', default: '0' },
    repeat: { type: 'string', default: '2' },
    /** Child modes: the installed package's root, and the bench users module beside it. */
    package: { type: 'string' },
    users: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const repeat = Math.max(1, Number(values.repeat));
const ourUsers = values.user!.split(',');

if (values.generator !== undefined)
  await runGenerator(
    await runnerModules(values.package),
    values.url!,
    values.user!,
    Number(values.generator),
    seconds,
    Number(values.warmup),
  );
else if (values.idle !== undefined)
  await runIdle(await runnerModules(values.package), Number(values.idle), seconds);
else await main();

/**
 * Child mode: our runner, one worker thread, `users` users for `seconds`; prints JSON.
 * Counts cover the whole run; percentiles leave out the first `warmupSeconds` (JIT, connections).
 */
async function runGenerator(
  runner: RunnerModules,
  url: string,
  user: string,
  users: number,
  runSeconds: number,
  warmupSeconds: number,
): Promise<void> {
  const stats = new runner.RunStats({ startedAt: Date.now() });
  const settled = new runner.RunStats({ startedAt: Date.now() });
  let measureFrom = Number.POSITIVE_INFINITY;
  let stopping = false;
  const pool = await runner.createLoadPool({
    threads: 1,
    users: await benchUsers(runner, user),
    host: url,
    seed: 1,
    testData: {},
    stopTimeoutSeconds: 0,
    onSnapshot: (snapshot) => {
      stats.merge(snapshot);
      // A snapshot holds about the second before it was taken.
      if (stopping || snapshot.takenAt - 1000 >= measureFrom) settled.merge(snapshot);
    },
    onWorkerError: (error) => console.error(`worker error: ${error.message}`),
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  pool.setUsers({ [user]: users });
  measureFrom = Date.now() + warmupSeconds * 1000;
  await new Promise((resolve) => setTimeout(resolve, runSeconds * 1000));
  stopping = true;
  await pool.stop();
  const windowSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await pool.close();
  const total = stats.aggregated();
  console.log(
    JSON.stringify({
      requests: total.count,
      failures: total.failures,
      windowSeconds,
      windowCpuSeconds: (cpu.user + cpu.system) / 1e6,
      p50: settled.aggregated().percentile(50),
      p99: settled.aggregated().percentile(99),
    }),
  );
}

/** Child mode: `users` idle users (between(1, 2), no requests) for `seconds`; prints the peak RSS. */
async function runIdle(runner: RunnerModules, users: number, runSeconds: number): Promise<void> {
  const baseline = process.memoryUsage().rss;
  let journeys = 0;
  const pool = await runner.createLoadPool({
    threads: 1,
    users: await benchUsers(runner, 'IdleUser'),
    host: 'http://127.0.0.1:9',
    seed: 1,
    testData: {},
    stopTimeoutSeconds: 0,
    onSnapshot: (snapshot) => {
      for (const journey of snapshot.journeys) journeys += journey.count;
    },
    onWorkerError: (error) => console.error(`worker error: ${error.message}`),
  });
  const started = Date.now();
  pool.setUsers({ IdleUser: users });
  let peak = 0;
  // At least `runSeconds`, and on until every user has waited and run again three times (capped).
  const settled = () => Date.now() - started >= runSeconds * 1000 && journeys >= 4 * users;
  while (!settled() && Date.now() - started < IDLE_CAP_SECONDS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await pool.stop();
  await pool.close();
  const seconds = (Date.now() - started) / 1000;
  console.log(JSON.stringify({ users, baselineRss: baseline, peakRss: peak, journeys, seconds }));
}

/**
 * Our runner as the benchmark runs it: a child process with the real pool (1 worker thread),
 * names and HDR on; `user` one of ./bench-users.ts's classes.
 */
async function ours(url: string, user: string): Promise<Throughput> {
  const args = [SELF, '--generator', String(connections), '--url', url, '--seconds', String(seconds)];
  const run = await measure(process.execPath, [...args, '--user', user, ...installed], seconds);
  const json = lastJson<GeneratorResult>(run.stdout);
  const windowRate = json.requests / json.windowCpuSeconds;
  return {
    tool: `journeys ${user}`,
    requests: json.requests,
    cpuSeconds: run.cpuSeconds,
    note: `${json.failures} failures; ${windowRate.toFixed(0)} req/CPU-s within the load window`,
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-'));
  try {
    const { pkg } = consumerProject(dir);
    copyFileSync(BENCH_USERS, join(dir, 'bench-users.ts'));
    installed = ['--package', pkg, '--users', join(dir, 'bench-users.ts')];
    await compare();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function compare(): Promise<void> {
  const target = await startTarget();
  const rows: Throughput[] = [];
  const notes: string[] = [];
  const node = process.execPath;
  console.log(
    `target ${target.url}; ${seconds} s per tool and round, best of ${repeat} interleaved rounds, ${connections} connections/users; CPU = the whole generator process`,
  );
  try {
    const locust = locustCommand();
    const generators: Array<() => Promise<Throughput | undefined>> = [
      ...ourUsers.map((user) => () => ours(target.url, user)),
      () => autocannon(target.url, connections, seconds),
    ];
    if (hasWrk()) generators.push(() => wrk(target.url, connections, seconds));
    else notes.push('wrk: not installed (apt-get install wrk)');
    if (locust !== undefined) generators.push(() => locustFastHttp(locust, target.url, connections, seconds));
    else notes.push('locust: not installed (apt-get install python3-locust)');
    const artilleryCli = artilleryScript();
    if (artilleryCli !== undefined)
      // A broken or changed Artillery install costs its row, never the benchmark.
      generators.push(() =>
        artillery(artilleryCli, target.url, connections, seconds).catch((error: Error) => {
          const note = `artillery: failed, not measured (${error.message})`;
          if (!notes.includes(note)) notes.push(note);
          return undefined;
        }),
      );
    else notes.push(`artillery: not installed (from the repository root: ${ARTILLERY_INSTALL})`);
    // Rounds interleave the tools so a busy machine weighs on all alike; each keeps its best round.
    for (let round = 0; round < repeat; round++) {
      for (const run of generators) {
        const row = await run();
        if (row === undefined) continue;
        const index = rows.findIndex((other) => other.tool === row.tool);
        if (index < 0) rows.push(row);
        else if (row.requests / row.cpuSeconds > rows[index].requests / rows[index].cpuSeconds)
          rows[index] = row;
      }
    }
    printThroughput(rows, notes);

    const latencySeconds = seconds;
    console.log(
      `\n50 ms endpoint, 20 connections/users, ${latencySeconds} s each (ours after a 2 s warm-up)`,
    );
    const delayArgs = [
      SELF,
      '--generator',
      '20',
      '--user',
      'DelayUser',
      '--url',
      target.url,
      '--warmup',
      '2',
      ...installed,
    ];
    const delayRun = await measure(
      node,
      [...delayArgs, '--seconds', String(latencySeconds + 2)],
      latencySeconds + 2,
    );
    const delay = lastJson<GeneratorResult>(delayRun.stdout);
    console.log(
      `  journeys (ours)  p50 ${delay.p50?.toFixed(2)} ms  p99 ${delay.p99?.toFixed(2)} ms  (${delay.requests} req)`,
    );
    if (hasWrk()) {
      const { text } = await wrk(`${target.url}/delay`, 20, latencySeconds);
      console.log(
        `  wrk              p50 ${wrkPercentile(text, '50%')?.toFixed(2)} ms  p99 ${wrkPercentile(text, '99%')?.toFixed(2)} ms`,
      );
    } else console.log('  wrk: not installed (apt-get install wrk)');
  } finally {
    target.stop();
  }

  console.log(
    '\nRSS of waiting users (between(1, 2), no requests), one process, 1 worker thread, until each ran ~4 journeys',
  );
  for (const users of [10_000, 100_000]) {
    const idle = lastJson<IdleResult>(
      (await measure(node, [SELF, '--idle', String(users), '--seconds', '8', ...installed], IDLE_CAP_SECONDS))
        .stdout,
    );
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `  ${String(users).padStart(7)} users: peak RSS ${mib(idle.peakRss)} (before the pool: ${mib(idle.baselineRss)}; ${idle.journeys} idle journeys in ${idle.seconds.toFixed(0)} s)`,
    );
  }
}

function printThroughput(rows: readonly Throughput[], notes: readonly string[]): void {
  console.log('\nrequests per generator CPU-second');
  const perCpu = (row: Throughput) => row.requests / row.cpuSeconds;
  const autocannonRow = rows.find((row) => row.tool === 'autocannon');
  const locustRow = rows.find((row) => row.tool.startsWith('locust'));
  const artilleryRow = rows.find((row) => row.tool === 'artillery');
  for (const row of rows) {
    const ratios = [
      autocannonRow ? `${(perCpu(row) / perCpu(autocannonRow)).toFixed(2)}× autocannon` : '',
      locustRow ? `${(perCpu(row) / perCpu(locustRow)).toFixed(2)}× locust` : '',
      artilleryRow ? `${(perCpu(row) / perCpu(artilleryRow)).toFixed(2)}× artillery` : '',
    ].filter(Boolean);
    const figures = `${String(row.requests).padStart(9)} req ${row.cpuSeconds.toFixed(2).padStart(6)} CPU-s ${perCpu(row).toFixed(0).padStart(7)} req/CPU-s`;
    console.log(
      `  ${row.tool.padEnd(30)} ${figures}  ${ratios.join('  ')}${row.note ? `  (${row.note})` : ''}`,
    );
  }
  for (const note of notes) console.log(`  ${note}`);
}
