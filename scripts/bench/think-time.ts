/**
 * Users who think: the runner against Locust's FastHttpUser with the same users — a 2-step
 * journey (a `SequentialTaskSet` in Locust), `constant(1)` between steps and journeys — on
 * the same loopback target, side by side in one run. Prints each generator's whole-process
 * CPU (start to exit, threads and children included) per request, and the ratio. The runner
 * is the compiled package installed into a scratch project (built once per bench run), as a
 * user runs it — not this repository's TypeScript, which Node would strip at every load.
 *
 *   npm run bench:think-time                       # 100 and 1,000 users, 60 s each
 *   USERS=100 SECONDS=20 npm run bench:think-time
 *
 * Env: USERS comma-separated counts (100,1000), SECONDS per run (60), REPEAT interleaved
 * rounds, each tool keeping its best (1). Locust: apt-get install python3-locust.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { consumerProject } from './consumer-project.ts';
import { startTarget } from './start-target.ts';
import { locustCommand, measure, type Throughput } from './tools.ts';

const env = process.env;
const USERS = (env.USERS ?? '100,1000').split(',').map(Number);
const SECONDS = Number(env.SECONDS ?? 60);
const REPEAT = Math.max(1, Number(env.REPEAT ?? 1));
const THINK_USERS = fileURLToPath(new URL('./think-users.ts', import.meta.url));

const LOCUSTFILE = `from locust import FastHttpUser, SequentialTaskSet, task, constant
class TwoSteps(SequentialTaskSet):
    @task
    def first(self):
        self.client.get("/", name="first")
    @task
    def second(self):
        self.client.get("/", name="second")
class ThinkingUser(FastHttpUser):
    wait_time = constant(1)
    tasks = [TwoSteps]
`;

/** The Aggregated request count of a Locust-format `_stats.csv`. */
function requestCount(statsCsv: string): number {
  const lines = readFileSync(statsCsv, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const aggregated = lines.find((line) => line.includes(',Aggregated,'))?.split(',') ?? [];
  return Number(aggregated[header.indexOf('Request Count')] ?? 0);
}

async function ours(bin: string, url: string, users: number, dir: string): Promise<Throughput> {
  const prefix = join(dir, `journeys-${users}`);
  const args = [bin, 'run', '-f', join(dir, 'think-users.ts'), '-H', url];
  args.push('-u', String(users), '-r', String(users), '-t', `${SECONDS}s`, '--csv', prefix);
  const run = await measure(process.execPath, args, SECONDS + 60);
  if (!existsSync(`${prefix}_stats.csv`))
    throw new Error(`journeys wrote no statistics:\n${run.stdout.slice(-2000)}`);
  return { tool: 'journeys', requests: requestCount(`${prefix}_stats.csv`), cpuSeconds: run.cpuSeconds };
}

async function locust(command: string[], url: string, users: number, dir: string): Promise<Throughput> {
  const locustfile = join(dir, 'locustfile.py');
  writeFileSync(locustfile, LOCUSTFILE);
  const prefix = join(dir, `locust-${users}`);
  const args = [
    ...command.slice(1),
    '-f',
    locustfile,
    '--headless',
    '-u',
    String(users),
    '-r',
    String(users),
  ];
  args.push('-t', `${SECONDS}s`, '--host', url, '--csv', prefix, '--only-summary', '--loglevel', 'ERROR');
  const run = await measure(command[0], args, SECONDS + 60);
  return {
    tool: 'locust FastHttpUser',
    requests: requestCount(`${prefix}_stats.csv`),
    cpuSeconds: run.cpuSeconds,
  };
}

async function main(): Promise<void> {
  const command = locustCommand();
  const target = await startTarget();
  const dir = mkdtempSync(join(tmpdir(), 'journeys-think-'));
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  try {
    const { bin } = consumerProject(dir);
    copyFileSync(THINK_USERS, join(dir, 'think-users.ts'));
    console.log(`users who think: 2-step journey, constant(1), ${SECONDS} s per run; target ${target.url}`);
    for (const users of USERS) {
      const best = new Map<string, Throughput>();
      for (let round = 0; round < REPEAT; round++) {
        const runs = [() => ours(bin, target.url, users, dir)];
        if (command !== undefined) runs.push(() => locust(command, target.url, users, dir));
        for (const run of runs) {
          const row = await run();
          const kept = best.get(row.tool);
          if (kept === undefined || row.cpuSeconds / row.requests < kept.cpuSeconds / kept.requests)
            best.set(row.tool, row);
        }
      }
      const perRequest = (row: Throughput) => (row.cpuSeconds / row.requests) * 1000;
      const locustRow = best.get('locust FastHttpUser');
      console.log(`\n${users} users (load ${load()})`);
      for (const row of best.values()) {
        const ratio = locustRow ? `  ${(perRequest(row) / perRequest(locustRow)).toFixed(2)}× locust` : '';
        console.log(
          `  ${row.tool.padEnd(20)} ${String(row.requests).padStart(7)} req ${row.cpuSeconds.toFixed(2).padStart(6)} CPU-s ${perRequest(row).toFixed(3).padStart(7)} CPU-ms/req${ratio}`,
        );
      }
      if (command === undefined) console.log('  locust: not installed (apt-get install python3-locust)');
    }
  } finally {
    target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
