/**
 * The embedded target: when a run names no host, `journeys run` starts the service in a
 * child process of its own (its CPU apart from the runner's), on an ephemeral port with
 * an in-memory PGlite, and stops it when the run ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { RunnerError } from '../errors.ts';

/** The service's start-up contract: exactly this line on stdout once it accepts requests. */
const READY_LINE = /^journeys-service listening on (http:\/\/\S+)\s*$/;

/** The real service; `JOURNEYS_SERVICE_SCRIPT` points elsewhere (tests use a stand-in with the same contract). */
export const defaultServiceScript = fileURLToPath(new URL('../../service/server.ts', import.meta.url));

export interface EmbeddedServiceOptions {
  script?: string;
  /** Seconds to wait for the ready line. */
  startTimeoutSeconds?: number;
  /** Extra environment for the service (PORT and DATA_DIR are set here). */
  env?: Record<string, string>;
}

export interface EmbeddedService {
  url: string;
  pid: number;
  /** CPU seconds the service has used so far (user + system), from /proc; undefined where /proc is missing. */
  cpuSeconds(): Promise<number | undefined>;
  /** SIGTERM, then SIGKILL after `graceSeconds`; resolves once the process is gone. */
  stop(graceSeconds?: number): Promise<void>;
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
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', DATA_DIR: 'memory://', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = tailOf(child);
  // Never leave an orphaned service behind, whatever way the runner exits.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const url = await waitForReadyLine(child, output, script, timeoutSeconds);
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    stop: (graceSeconds = 5) => stopChild(child, graceSeconds),
  };
}

function waitForReadyLine(child: ChildProcess, output: string[], script: string, timeoutSeconds: number) {
  return new Promise<string>((resolve, reject) => {
    let buffered = '';
    const fail = (what: string) => {
      cleanup();
      child.kill('SIGKILL');
      const last = output.length > 0 ? `; its last output: ${output.slice(-5).join(' | ')}` : '';
      reject(
        new RunnerError(`embedded service ${what}${last}`, {
          code: 'SERVICE_START_FAILED',
          where: script,
          hint: 'pass --host to aim at a running service',
          exitCode: 3,
        }),
      );
    };
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
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
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
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceSeconds * 1000);
  await exited;
  clearTimeout(timer);
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds. */
export async function processCpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux architecture Node runs on (sysconf is not reachable from Node). */
const CLOCK_TICKS_PER_SECOND = 100;
