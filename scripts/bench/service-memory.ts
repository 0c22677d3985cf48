/**
 * Memory of a long run: starts the service as the runner's embedded one (in-memory PGlite,
 * `node service/server.ts`), drives it with `journeys run --profile endurance` and samples
 * the service process's RSS (from /proc) and its V8 heap (from /metrics) as it goes.
 *
 *   npm run bench:service-memory                     # the whole endurance profile (30 min)
 *   RUN_TIME=3m EVERY=10 npm run bench:service-memory
 *
 * Env: PROFILE (endurance), RUN_TIME (the profile's duration), EVERY seconds between
 * samples (30), SERVICE_ENV extra service environment as `A=1,B=2`, NODE_FLAGS for the
 * service's node instead of the runner's own (e.g. `--heapsnapshot-signal=SIGUSR2`; `NODE_FLAGS=`
 * for V8's defaults). Prints one line per sample and
 * the curve at the end; the run's reports go to a temporary folder, removed after.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVICE_NODE_FLAGS } from '../../runner/target/embedded-service.ts';

const env = process.env;
const PROFILE = env.PROFILE ?? 'endurance';
const RUN_TIME = env.RUN_TIME;
const EVERY = Number(env.EVERY ?? 30);
const root = fileURLToPath(new URL('../../', import.meta.url));

const serviceEnv = Object.fromEntries(
  (env.SERVICE_ENV ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('=') as [string, string]),
);

function rssMiB(pid: number): number {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return Number.NaN; // the service is gone (a sample racing its stop)
  }
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A metric's value from the Prometheus text, summed over its labels (NaN when absent). */
function gauge(text: string, name: string): number {
  const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (lines.length === 0) return Number.NaN;
  return lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

interface Sample {
  seconds: number;
  rss: number;
  heapUsed: number;
  external: number;
  /** Events in the store so far: what in-memory data must grow with. */
  events: number;
}

async function sample(pid: number, url: string, started: number): Promise<Sample> {
  const text = await fetch(`${url}/metrics`)
    .then((r) => r.text())
    .catch(() => '');
  return {
    seconds: Math.round((performance.now() - started) / 1000),
    rss: rssMiB(pid),
    heapUsed: gauge(text, 'journeys_nodejs_heap_size_used_bytes') / 2 ** 20,
    external: gauge(text, 'journeys_nodejs_external_memory_bytes') / 2 ** 20,
    events: gauge(text, 'journeys_eventstore_events_appended_total'),
  };
}

const line = (s: Sample) =>
  `${String(s.seconds).padStart(5)} s  rss ${s.rss.toFixed(0).padStart(5)} MiB  heap ${s.heapUsed.toFixed(0).padStart(4)} MiB  external ${s.external.toFixed(0).padStart(4)} MiB  events ${String(s.events).padStart(7)}`;

async function startService(): Promise<{ pid: number; url: string; stop(): Promise<void> }> {
  const flags =
    env.NODE_FLAGS === undefined ? [...SERVICE_NODE_FLAGS] : env.NODE_FLAGS.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, join(root, 'service/server.ts')], {
    env: { ...env, DATABASE_URL: '', WORKERS: '', PORT: '0', DATA_DIR: 'memory://', ...serviceEnv },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let notReady: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: string) => {
      out += chunk;
      const match = /journeys-service listening on (\S+)/.exec(out);
      if (match) {
        child.stdout.off('data', onData).resume(); // what it prints after this is not kept
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`service exited (${code}) before ready`)));
    // PGlite's start-up takes seconds, more on a busy machine.
    notReady = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('service not ready within 180 s'));
    }, 180_000);
  }).finally(() => clearTimeout(notReady));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) console.error(`the service exited during the run (code ${code}, signal ${signal})`);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    url,
    stop: async () => {
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function runLoad(url: string, results: string): Promise<number> {
  const args = ['runner/bin.js', 'run', '--profile', PROFILE, '-H', url, '--results-dir', results];
  if (RUN_TIME) args.push('-t', RUN_TIME);
  const runner = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => runner.once('exit', (code) => resolve(code ?? 1)));
}

async function main(): Promise<void> {
  const results = mkdtempSync(join(tmpdir(), 'service-memory-'));
  const service = await startService();
  const started = performance.now();
  const samples: Sample[] = [await sample(service.pid, service.url, started)];
  console.log(
    `service pid ${service.pid} at ${service.url}; ${PROFILE}${RUN_TIME ? ` for ${RUN_TIME}` : ''}`,
  );
  console.log(line(samples[0]));
  const timer = setInterval(async () => {
    const s = await sample(service.pid, service.url, started);
    samples.push(s);
    console.log(line(s));
  }, EVERY * 1000);
  let code = 1;
  try {
    code = await runLoad(service.url, results);
    const last = await sample(service.pid, service.url, started);
    samples.push(last);
    console.log(`${line(last)}  (run ended, exit ${code})`);
  } finally {
    clearInterval(timer);
    await service.stop();
    rmSync(results, { recursive: true, force: true });
  }
  const first = samples[0];
  const peak = samples.reduce((a, b) => (b.rss > a.rss ? b : a));
  console.log(
    `\nRSS start ${first.rss.toFixed(0)} MiB, peak ${peak.rss.toFixed(0)} MiB at ${peak.seconds} s, end ${samples.at(-1)!.rss.toFixed(0)} MiB`,
  );
  process.exitCode = code;
}

await main();
