/**
 * The console through a slow pipe: a reader that takes 1 KB every 10 ms still gets every line
 * of a run that prints thousands — the verdict and the `exit N:` line last of all.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root } from '../../runner/testing/cli-harness.ts';
import { type HostileTarget, startHostileTarget } from '../../runner/testing/hostile-http-target.ts';
import { reportFigures } from '../testing/figures.ts';

let target: HostileTarget;
let dir = '';
beforeAll(async () => {
  target = await startHostileTarget();
  dir = await mkdtemp(join(tmpdir(), 'journeys-slow-pipe-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `journeys run …` with its stdout piped into the slow reader; what the reader got, and the run's exit code. */
function throughSlowPipe(args: string[]) {
  const { DATABASE_URL: _, ...env } = process.env;
  const runner = spawn(process.execPath, ['runner/bin.js', ...args], {
    cwd: root,
    env: { ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reader = spawn(process.execPath, ['runner/testing/slow-reader.js'], {
    cwd: root,
    stdio: [runner.stdout, 'pipe', 'inherit'],
  });
  let read = '';
  reader.stdout.on('data', (chunk) => {
    read += chunk;
  });
  const runnerExit = new Promise<number | null>((resolve) => runner.on('exit', (code) => resolve(code)));
  const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
  const timer = setTimeout(() => {
    runner.kill('SIGKILL');
    reader.kill('SIGKILL');
  }, 150_000);
  return Promise.all([runnerExit, readerDone]).then(([code]) => {
    clearTimeout(timer);
    return { code, read };
  });
}

describe('the console through a slow pipe', () => {
  it('a reader taking 1 KB every 10 ms gets every line, the verdict and the exit line included', async () => {
    // 3,000 distinct names: a summary table of thousands of lines, far more than a pipe buffer.
    const { code, read } = await throughSlowPipe([
      'run',
      '-f',
      'faults/runner/bounded-users.ts',
      'DistinctUrls',
      '-u',
      '3',
      '-r',
      '3',
      '-i',
      '3',
      '-t',
      '60s',
      '--max-names',
      '3000',
      '--threads',
      '1',
      '--only-summary',
      '-H',
      target.url,
      '--csv',
      join(dir, 'run'),
    ]);
    const lines = read.split('\n');
    const exitLines = lines.filter((line) => line.startsWith('exit '));
    reportFigures('console through a slow pipe (1 KB / 10 ms)', {
      tries: 1,
      held: exitLines.length === 1 ? 1 : 0,
      lost: exitLines.length === 1 ? 0 : 1,
      lines: lines.length,
      bytes: read.length,
    });
    expect(code).toBe(0);
    expect(lines.length).toBeGreaterThan(3000);
    expect(lines.filter((line) => line.includes('/items/')).length).toBeGreaterThanOrEqual(3000);
    expect(exitLines).toHaveLength(1);
    expect(read.trimEnd().split('\n').at(-1)).toBe(exitLines[0]);
  }, 180_000);
});
