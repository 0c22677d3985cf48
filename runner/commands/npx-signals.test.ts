/**
 * A signal to the command the caller started — `npx journeys run …`, `npm run service`, the
 * shell of the Kubernetes manifests — stops the run as Ctrl-C does: the caller sees 143/130
 * only once every report is written, and no process of the run is left (checked by PID).
 * Real npm (the system's), real processes, a real target on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cliBench, readSummary, root, type Started } from '../testing/cli-harness.ts';
import { alive, commandLine, ended, processTree } from '../testing/process-tree.ts';
import { reportProblems } from '../testing/report-check.ts';

const bench = cliBench('npx-signals');
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** `command …args` in its own process group, as a CI system or a container starts it. */
function start(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Started & { exit: Promise<number | null> } {
  const { DATABASE_URL: _, ...inherited } = process.env;
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { ...inherited, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, stdout: () => stdout, done, exit: done.then((result) => result.code) };
}

/** Waits until `run` printed `text`: npm itself takes seconds to start, far more on a busy machine. */
async function printedWithin(run: Started, text: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!run.stdout().includes(text)) {
    if (Date.now() > deadline) throw new Error(`never printed "${text}" in ${ms} ms: ${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Signals only the process the caller started, then checks the whole tree it had is gone within 5 s of its exit. */
async function signalOnly(run: ReturnType<typeof start>, signal: NodeJS.Signals) {
  const pid = run.child.pid ?? 0;
  const tree = processTree(pid);
  const commands = tree.map(commandLine);
  started.push(...tree);
  process.kill(pid, signal);
  const result = await run.done;
  await ended(tree, 5_000);
  const left = tree.filter(alive).map((p) => `${p} ${commandLine(p)}`);
  return { ...result, tree, commands, left };
}

const runArgs = (prefix: string) => [
  'run',
  '-f',
  'runner/testing/users',
  'Shopper',
  '--threads',
  '1',
  '-u',
  '2',
  '-t',
  '60s',
  '-H',
  bench.target.url,
  '--csv',
  prefix,
];

describe('a signal to `npx journeys run`', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: the caller sees ${code} after the reports are written; nothing is left running`, async () => {
      const prefix = join(bench.dir, signal);
      const run = start('npx', ['journeys', ...runArgs(prefix)]);
      await printedWithin(run, 'journeys run:');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const result = await signalOnly(run, signal);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(code);
      expect(result.stdout).toContain(`exit ${code}: stopped by ${signal}`);
      // The runner ran below npm: the tree held both, and the signal went through npm.
      expect(result.tree.length).toBeGreaterThanOrEqual(2);
      expect(await reportProblems(prefix)).toEqual([]);
      expect((await readSummary(prefix)).run.stoppedBy).toBe(signal);
      expect(result.left).toEqual([]);
    }, 150_000);
  }
});

describe('a runner whose parent died', () => {
  it('stops as by SIGTERM and writes its reports (dash between npm and the runner: the old orphan)', async () => {
    const prefix = join(bench.dir, 'orphan');
    const words = ['runner/bin.js', ...runArgs(prefix)].map((word) => `'${word}'`).join(' ');
    // dash does not exec the last command of -c: it stays the runner's parent and dies of the signal.
    const shell = start('/bin/sh', ['-c', `'${process.execPath}' ${words}`]);
    await printedWithin(shell, 'journeys run:');
    const result = await signalOnly(shell, 'SIGTERM');
    expect(result.signal).toBe('SIGTERM');
    expect(result.left).toEqual([]);
    expect(await reportProblems(prefix)).toEqual([]);
  }, 150_000);
});

describe('the shard script of deploy/shards-job.yaml', () => {
  it('passes SIGTERM to the runner (sh as PID 1 would ignore it), exits 143 after the reports', async () => {
    const manifest = parse(await readFile(join(root, 'deploy/shards-job.yaml'), 'utf8'));
    const script: string = manifest.spec.template.spec.containers[0].args.join('\n');
    const prefix = join(bench.dir, 'shard');
    const profile = join(bench.dir, 'shard.yaml');
    await writeFile(
      profile,
      [
        'name: shard-signal',
        'users: 2',
        'spawn_rate: 2',
        'duration: 60s',
        'threads: 1',
        'users_module: runner/testing/users',
        'user_classes: { Shopper: 1 }',
      ].join('\n'),
    );
    const shell = start('/bin/sh', ['-c', script], {
      PROFILE: profile,
      TARGET: bench.target.url,
      SHARDS: '1',
      JOB_COMPLETION_INDEX: '0',
      RUN_ID: 'signal',
      JOURNEYS_SHARD_CSV: prefix,
    });
    await printedWithin(shell, 'journeys run');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const result = await signalOnly(shell, 'SIGTERM');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(143);
    expect(result.left).toEqual([]);
    expect(await reportProblems(prefix)).toEqual([]);
  }, 150_000);
});

describe('a signal to `npm run service`', () => {
  it('stops the service', async () => {
    const service = start('npm', ['run', 'service'], { PORT: '0', DATA_DIR: 'memory://' });
    // PGlite takes seconds to boot, far more on a busy machine.
    await printedWithin(service, 'journeys-service listening on', 120_000);
    const result = await signalOnly(service, 'SIGTERM');
    expect(result.commands.some((command) => command.includes('service/server.ts'))).toBe(true);
    expect(result.left).toEqual([]);
    expect(result.code).toBe(0);
  }, 150_000);
});
