/**
 * Test support: runs `journeys run` as a user would (the real CLI in a child process) and
 * reads back what it wrote, plus a scrape of the service's Prometheus counters.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../runner/bin.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The parts of `<prefix>_summary.json` the suite's tests read. */
export interface RunSummary {
  totals: { requests: number; failures: number; journeys: number; journeysCompleted: number };
  endpoints: { method: string; name: string; requests: number; failures: number }[];
  journeys: {
    name: string;
    count: number;
    completed: number;
    interrupts: number;
    interruptsByStep: Record<string, number>;
    outcomes: Record<string, number>;
  }[];
  failures: { method: string; name: string; error: string; occurrences: number }[];
  invariants: { name: string; pass: boolean; message: string }[];
  exitCode: number;
}

export interface CliRun {
  exitCode: number | null;
  output: string;
  summary: RunSummary | undefined;
}

/**
 * `journeys run <args> --csv <prefix>`, killed after `timeoutMs`; resolves with its exit
 * code, its console output and the summary it wrote (undefined if it wrote none).
 */
export async function runCli(args: readonly string[], prefix: string, timeoutMs: number): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, 'run', ...args, '--csv', prefix], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(timer);
  let summary: RunSummary | undefined;
  try {
    summary = JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8'));
  } catch {
    summary = undefined;
  }
  return { exitCode, output, summary };
}

/** One sample of a Prometheus text exposition. */
export interface MetricSample {
  name: string;
  labels: string;
  value: number;
}

/** Every sample `GET /metrics` exposes. */
export async function scrapeMetrics(host: string): Promise<MetricSample[]> {
  const text = await (await fetch(`${host}/metrics`)).text();
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match) samples.push({ name: match[1], labels: match[2] ?? '', value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a metric's samples whose labels contain every one of `labels` (e.g. `outcome="ok"`). */
export function total(samples: readonly MetricSample[], name: string, ...labels: string[]): number {
  return samples
    .filter((sample) => sample.name === name && labels.every((label) => sample.labels.includes(label)))
    .reduce((sum, sample) => sum + sample.value, 0);
}
