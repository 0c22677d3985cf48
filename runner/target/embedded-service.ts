/**
 * The embedded target: when a run names no host, `journeys run` starts the service in a
 * child process of its own (its CPU apart from the runner's), on an ephemeral port with
 * an in-memory PGlite, and stops it when the run ends.
 *
 * The service runs in a process group of its own, so a terminal's Ctrl-C (sent to the
 * whole foreground group) reaches only the runner: the service stays up for the
 * testStop hooks and invariants, and the runner stops it once the reports are written.
 * Because the terminal can no longer stop it, the runner kills it on every way out.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ExitCode, RunnerError, type StopSignal, signalExitCode } from '../errors.ts';
import { type GroupUsage, processGroupUsage } from './process-group-usage.ts';
import { type ServiceMetricsSummary, watchServiceMetrics } from './service-metrics-watch.ts';

/** The embedded service's own cost and what its metrics said, for the summary's `run.service`. */
export type ServiceUsage = GroupUsage & ServiceMetricsSummary;

/** The service's start-up contract: exactly this line on stdout once it accepts requests. */
const READY_LINE = /^journeys-service listening on (http:\/\/\S+)\s*$/;

/** The real service; `JOURNEYS_SERVICE_SCRIPT` points elsewhere (tests use a stand-in with the same contract). */
export const defaultServiceScript = fileURLToPath(new URL('../../service/server.ts', import.meta.url));

/**
 * V8 settings for the embedded service's process, measured in docs/performance.md: a
 * newcomer's first run needs a light service more than the last 10-25 % of PGlite's speed
 * in long runs (`npm run service` keeps V8's defaults). `--liftoff-only`: PGlite is 9 MB of
 * WebAssembly, and V8's background recompilation of its hot functions (TurboFan) peaked
 * above 850 MiB: one function of PostgreSQL alone needs ~600 MB to compile, whatever the
 * tiering budget, compile tasks, inlining or optimisation flags, so no milder setting keeps
 * the service under 350 MiB. `--max-semi-space-size=2` (MiB): loading the
 * service's modules makes short-lived garbage fast, and a young generation of tens of MiB
 * held it. Both must be given on the command line: V8 reads them once, at start.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--liftoff-only', '--max-semi-space-size=2'];

export interface EmbeddedServiceOptions {
  script?: string;
  /** Seconds to wait for the ready line. */
  startTimeoutSeconds?: number;
  /** Extra environment for the service (PORT and DATA_DIR are set here). */
  env?: Record<string, string>;
  /** Aborted (with the signal's name as reason) when the run is interrupted: the start is given up and the service stopped. */
  signal?: AbortSignal;
  /** Called once there is a service to start, just before it starts (a project without one never hears of it). */
  onStarting?(): void;
}

export interface EmbeddedService {
  url: string;
  pid: number;
  /** CPU seconds the service has used so far (user + system, all its processes), from /proc; undefined where /proc is missing. */
  cpuSeconds(): Promise<number | undefined>;
  /**
   * At the end of the run: CPU and peak memory of the service's processes (its cluster
   * workers too; undefined where /proc is missing), with the cache hit ratio and peak pool
   * use its /metrics showed during the run. Stops watching the metrics.
   */
  usage(): Promise<ServiceUsage | undefined>;
  /** SIGTERM, then SIGKILL after `graceSeconds`; resolves once the process is gone. */
  stop(graceSeconds?: number): Promise<void>;
}

/**
 * The service's database settings, which the embedded service does not inherit: a
 * `DATABASE_URL` exported for something else must not get our tables written into it
 * (and `WORKERS`, which in-memory PGlite refuses). To load-test the service on PostgreSQL,
 * start it yourself (`npm run service`) and pass `-H`.
 */
const DATABASE_ENV = ['DATABASE_URL', 'DATABASE_READ_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_MAX', 'WORKERS'];

/** Where the embedded service keeps its data, for the line printed while it starts. */
export function embeddedBackend(env: Record<string, string> = {}): string {
  const workers = Number(env.WORKERS ?? 1) > 1 ? `, ${env.WORKERS} workers` : '';
  return env.DATABASE_URL
    ? `PostgreSQL at ${withoutPassword(env.DATABASE_URL)}${workers}`
    : 'PGlite in memory';
}

/** A database URL fit to print: the password, if any, masked. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href;
  } catch {
    return 'DATABASE_URL';
  }
}

function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of DATABASE_ENV) delete env[name];
  return env;
}

/**
 * @example
 * const service = await startEmbeddedService();
 * try { await run(service.url); } finally { await service.stop(); }
 */
export async function startEmbeddedService(options: EmbeddedServiceOptions = {}): Promise<EmbeddedService> {
  const script = options.script ?? process.env.JOURNEYS_SERVICE_SCRIPT ?? defaultServiceScript;
  const timeoutSeconds = options.startTimeoutSeconds ?? 60;
  // process.execPath: the service runs on the same Node 24 as the runner, whatever `node` is on PATH.
  if (options.signal?.aborted) throw interrupted(options.signal.reason, false);
  if (!existsSync(script)) throw noEmbeddedService(script);
  options.onStarting?.();
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, script], {
    env: {
      ...inheritedEnv(),
      PORT: '0',
      DATA_DIR: 'memory://',
      JOURNEYS_EXIT_WITH_PARENT: '1',
      ...options.env,
    },
    // stdin is a pipe the runner never writes: the kernel closes it when the runner dies,
    // even by SIGKILL, and the service (JOURNEYS_EXIT_WITH_PARENT) then stops itself.
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group (not unref'd: the runner keeps it and waits for it).
    detached: true,
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined); // EPIPE once the service is gone: nothing to tell
  const output = tailOf(child);
  killWithRunner(child);
  const url = await waitForReadyLine(child, output, script, timeoutSeconds, options.signal);
  const pid = child.pid ?? 0;
  // Each cluster worker keeps its own counters and a scrape reaches any one of them: with
  // workers the figures would mix processes, so they are left out rather than wrong.
  const metrics = Number(options.env?.WORKERS ?? 1) > 1 ? undefined : watchServiceMetrics(`${url}/metrics`);
  return {
    url,
    pid,
    cpuSeconds: async () => (await processGroupUsage(pid))?.cpuSeconds,
    usage: async () => {
      const [group, seen] = await Promise.all([processGroupUsage(pid), metrics?.finish()]);
      return group && { ...group, ...seen };
    },
    stop: (graceSeconds = 5) => {
      metrics?.stop();
      return stopChild(child, graceSeconds);
    },
  };
}

/**
 * Never leave the service behind, whatever way the runner ends: a normal end or an error
 * (the run's `finally` stops it), `process.exit` (a second Ctrl-C) and an uncaught
 * exception (both emit 'exit'), or a closed terminal (SIGHUP, which no longer reaches
 * the service's own group). SIGKILL of the runner, which no handler here can catch, closes
 * the service's stdin pipe instead, and the service stops itself on that.
 */
function killWithRunner(child: ChildProcess): void {
  const killOnExit = () => killGroup(child, 'SIGKILL');
  const onHangUp = () => {
    killGroup(child, 'SIGKILL');
    process.off('SIGHUP', onHangUp);
    // Then die of SIGHUP as before, unless someone else handles it.
    if (process.listenerCount('SIGHUP') === 0) process.kill(process.pid, 'SIGHUP');
  };
  process.once('exit', killOnExit);
  process.on('SIGHUP', onHangUp);
  child.once('exit', () => {
    process.off('exit', killOnExit);
    process.off('SIGHUP', onHangUp);
  });
}

/** The service and anything it started: it leads its own process group. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? child.pid : -child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** Not a failure of the service: the user pressed Ctrl-C (or the run got SIGTERM) before it was ready. */
function interrupted(reason: unknown, started: boolean): RunnerError {
  const signal: StopSignal = reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  const what = started
    ? 'while the embedded service was starting; the service was stopped'
    : 'before the embedded service started';
  return new RunnerError(`run interrupted (${signal}) ${what}`, {
    code: 'INTERRUPTED',
    exitCode: signalExitCode(signal),
  });
}

function waitForReadyLine(
  child: ChildProcess,
  output: string[],
  script: string,
  timeoutSeconds: number,
  interruption: AbortSignal | undefined,
) {
  return new Promise<string>((resolve, reject) => {
    let buffered = '';
    /** Kills the starting service, and rejects once it is gone (no zombie, no orphan). */
    const giveUp = (error: RunnerError) => {
      cleanup();
      const gone = child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
      if (gone) return reject(error);
      child.once('exit', () => reject(error));
      killGroup(child, 'SIGKILL');
    };
    const fail = (what: string) => {
      const last = output.length > 0 ? `; its last output: ${output.slice(-5).join(' | ')}` : '';
      giveUp(
        new RunnerError(`embedded service ${what}${last}`, {
          code: 'SERVICE_START_FAILED',
          where: script,
          hint: 'pass --host to aim at a running service',
          exitCode: 3,
        }),
      );
    };
    const onAbort = () => giveUp(interrupted(interruption?.reason, true));
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const match = READY_LINE.exec(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        if (match) {
          cleanup();
          resolve(match[1]);
          return;
        }
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited before it was ready (${signal ?? `exit code ${code}`})`);
    const onError = (error: Error) => fail(`could not start: ${error.message}`);
    const timer = setTimeout(
      () => fail(`printed no ready line within ${timeoutSeconds} s`),
      timeoutSeconds * 1000,
    );
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      interruption?.removeEventListener('abort', onAbort);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
    interruption?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Keeps the service's last output lines (for error messages) and drains its pipes so it never blocks on them. */
function tailOf(child: ChildProcess): string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line.trim());
      if (lines.length > 20) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return lines;
}

async function stopChild(child: ChildProcess, graceSeconds: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceSeconds * 1000);
  await exited;
  clearTimeout(timer);
}

/** Installed as a package, the runner comes without the ShopStream service: a run needs a host. */
function noEmbeddedService(script: string): RunnerError {
  return new RunnerError('no target: no host was given and there is no embedded service to start', {
    code: 'TARGET_MISSING',
    exitCode: ExitCode.usage,
    where: script,
    hint: 'give the target with -H http://127.0.0.1:PORT (or a `host` in the profile or on the user class)',
  });
}
