/**
 * What the `journeys` end-to-end tests share: the CLI as a real child process of
 * `node runner/bin.js` (the same Node 24 as the tests), a counting target on 127.0.0.1
 * port 0 and a tmp dir per test file, and readers for the files a run writes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { startTargetServer, type TargetServer } from './target-server.ts';

/** The repository, where the CLI runs (the tests name files relative to it). */
export const root = fileURLToPath(new URL('../..', import.meta.url));
/** The test shop: `Shopper`, `Breaker` (GET /fail) and `Racer` (run hooks, an invariant). */
export const users = 'runner/testing/users';
/** Locust's five CSVs, PREFIX_*.csv. */
export const CSV_FILES = [
  '_stats.csv',
  '_stats_history.csv',
  '_failures.csv',
  '_exceptions.csv',
  '_journeys.csv',
];
/** Every PREFIX_* file of a run. */
export const PREFIX_FILES = [...CSV_FILES, '_raw.json', '_summary.json', '_report.html'];

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Started {
  child: ChildProcess;
  /** What it printed so far. */
  stdout(): string;
  /** Rejects when it had to be stopped after `timeoutMs`. */
  done: Promise<Finished>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Its own process group, as a shell starts a foreground job (Ctrl-C reaches the whole group). */
  detached?: boolean;
  /** Stopped (its group too when detached) after this long, so a hung run never outlives the test. */
  timeoutMs?: number;
  /** The command line run through another, e.g. `ip netns exec NS …` (which execs it: the same pid). */
  wrap?: (argv: string[]) => string[];
}

/** `journeys …args` as a child process, without colour and without the CI's DATABASE_URL. */
export function startJourneys(args: string[], options: StartOptions = {}): Started {
  const { DATABASE_URL: _, ...inherited } = process.env;
  const argv = [process.execPath, 'runner/bin.js', ...args];
  const [command, ...rest] = options.wrap ? options.wrap(argv) : argv;
  const child = spawn(command, rest, {
    cwd: root,
    env: { ...inherited, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  const send = (signal: NodeJS.Signals) => {
    const pid = child.pid;
    if (!pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(options.detached ? -pid : pid, signal);
    } catch {
      // Gone meanwhile.
    }
  };
  const timers: NodeJS.Timeout[] = [];
  let timedOut = false;
  // SIGTERM lets the runner stop its embedded service; a second one exits at once; SIGKILL if even that hangs.
  timers.push(
    setTimeout(() => {
      timedOut = true;
      send('SIGTERM');
      timers.push(setTimeout(() => send('SIGTERM'), 2_000));
      timers.push(setTimeout(() => send('SIGKILL'), 5_000));
    }, timeoutMs),
  );
  const done = new Promise<Finished>((resolve, reject) =>
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      if (timedOut)
        reject(new Error(`journeys ${args.join(' ')}: stopped after ${timeoutMs} ms\n${stdout}${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, stdout: () => stdout, done };
}

/** `journeys …args` to its exit. */
export function journeys(args: string[], options?: StartOptions): Promise<Finished> {
  return startJourneys(args, options).done;
}

/** Waits (at most 15 s) until `condition` holds. */
export async function waitFor(condition: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited 15 s in vain: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the run has printed `text`. */
export function printed(started: Started, text: string): Promise<void> {
  return waitFor(
    () => started.stdout().includes(text),
    () => `never printed "${text}": ${started.stdout()}`,
  );
}

/** One test file's bench: its own target and tmp dir, so files can run side by side. */
export interface CliBench {
  /** Answers every path (`/fail` 500); reset before each test. */
  target: TargetServer;
  /** Removed after the file's tests. */
  dir: string;
  /** `run` of the test shop against the target on one worker thread; `words` split on spaces. */
  local(words: string): string[];
}

/** Sets up a {@link CliBench} in this file's beforeAll, resets it before each test, removes it afterwards. */
export function cliBench(name: string): CliBench {
  let target: TargetServer | undefined;
  let dir = '';
  beforeAll(async () => {
    target = await startTargetServer({ answerEveryPath: true });
    dir = await mkdtemp(join(tmpdir(), `journeys-${name}-`));
  });
  afterAll(async () => {
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => target?.reset());
  return {
    get target() {
      if (!target) throw new Error('the target starts in beforeAll');
      return target;
    },
    get dir() {
      return dir;
    },
    local(words) {
      return ['run', '-f', users, '--threads', '1', '-H', this.target.url, ...words.trim().split(/\s+/)];
    },
  };
}

/** Writes a profile from its lines; returns its path. */
export async function writeProfile(path: string, lines: string[]): Promise<string> {
  await writeFile(path, lines.join('\n'));
  return path;
}

/** Rows of a CSV file (no quoted commas in what these tests read). */
export async function csv(path: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path, 'utf8')).trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, cells[i]]));
  });
}

export function row(rows: Record<string, string>[], name: string): Record<string, string> | undefined {
  return rows.find((r) => r.Name === name);
}

/** A run's summary.json as written. */
export async function readSummary(prefix: string) {
  return JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8'));
}

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Reads a run's summary.json and checks it against the stats' published schema. */
export async function summaryOf(prefix: string) {
  const summary = await readSummary(prefix);
  const schema = JSON.parse(await readFile(join(root, 'runner/stats/summary.schema.json'), 'utf8'));
  const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
  expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
  return summary;
}
