/**
 * The load generators the benchmark compares, each run as its own process for a bounded
 * time against a loopback target, with the process's CPU time measured from outside.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** One generator's result: requests completed and CPU-seconds of its whole process. */
export interface Throughput {
  tool: string;
  requests: number;
  cpuSeconds: number;
  note?: string;
}

export interface Measured {
  stdout: string;
  cpuSeconds: number;
}

/**
 * Runs a command to its end under a shell that then prints its own /proc stat: the
 * children's CPU (cutime + cstime) is exactly the command's, threads and subprocesses included.
 * `env`, when given, is the command's whole environment.
 */
export function measure(
  command: string,
  args: readonly string[],
  timeoutSeconds: number,
  env?: NodeJS.ProcessEnv,
): Promise<Measured> {
  const quoted = [command, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `${quoted} 2>/dev/null; echo; echo "@@stat $(cat /proc/$$/stat)"`], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), (timeoutSeconds + 30) * 1000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      const at = stdout.lastIndexOf('@@stat ');
      if (at < 0) return reject(new Error(`${command}: no CPU figure`));
      const fields = stdout
        .slice(stdout.indexOf(')', at) + 2)
        .trim()
        .split(/\s+/);
      // Fields 16 and 17 of /proc/<pid>/stat (cutime, cstime), counted from the state (field 3).
      const ticks = Number(fields[13]) + Number(fields[14]);
      resolve({ stdout: stdout.slice(0, at), cpuSeconds: ticks / CLOCK_TICKS });
    });
  });
}

/** CPU-seconds (user + system) a running process has used so far, from its /proc stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted from the state (field 3).
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function installed(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

export function lastJson<T>(text: string): T {
  const line = text
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined) throw new Error(`no JSON in output: ${text.slice(0, 300)}`);
  return JSON.parse(line) as T;
}

export async function autocannon(url: string, connections: number, seconds: number): Promise<Throughput> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const run = await measure(
    process.execPath,
    [bin, '-c', String(connections), '-d', String(seconds), '-j', url],
    seconds,
  );
  const json = lastJson<{ requests: { total: number } }>(run.stdout);
  return { tool: 'autocannon', requests: json.requests.total, cpuSeconds: run.cpuSeconds };
}

export const hasWrk = (): boolean => installed('sh', ['-c', 'command -v wrk']);

export async function wrk(
  url: string,
  connections: number,
  seconds: number,
): Promise<Throughput & { text: string }> {
  const run = await measure('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url], seconds);
  const requests = Number(/(\d+) requests in/.exec(run.stdout)?.[1] ?? 0);
  return { tool: 'wrk', requests, cpuSeconds: run.cpuSeconds, text: run.stdout };
}

/** A latency from wrk's `--latency` table (`50%   50.81ms`), in ms. */
export function wrkPercentile(text: string, label: string): number | undefined {
  const match = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === 'us' ? 0.001 : match[2] === 's' ? 1000 : 1);
}

/** How to start Locust here: its own script (Debian's python3-locust), else `python3 -m locust`. */
export function locustCommand(): string[] | undefined {
  if (installed('sh', ['-c', 'command -v locust'])) return ['locust'];
  if (installed('python3', ['-c', 'import locust'])) return ['python3', '-m', 'locust'];
  return undefined;
}

const LOCUSTFILE = `from locust import FastHttpUser, task, constant
class Bench(FastHttpUser):
    wait_time = constant(0)
    @task
    def root(self):
        self.client.get("/", name="root")
`;

export async function locustFastHttp(
  command: string[],
  url: string,
  users: number,
  seconds: number,
): Promise<Throughput> {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-bench-'));
  try {
    const locustfile = join(dir, 'locustfile.py');
    writeFileSync(locustfile, LOCUSTFILE);
    const prefix = join(dir, 'out');
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
    args.push('-t', `${seconds}s`, '--host', url, '--csv', prefix, '--only-summary', '--loglevel', 'ERROR');
    const run = await measure(command[0], args, seconds);
    const csv = readFileSync(`${prefix}_stats.csv`, 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const aggregated = csv.find((line) => line.includes(',Aggregated,'))?.split(',') ?? [];
    const requests = Number(aggregated[header.indexOf('Request Count')] ?? 0);
    return { tool: 'locust FastHttpUser', requests, cpuSeconds: run.cpuSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
