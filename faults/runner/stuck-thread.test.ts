/**
 * The clock wins over user code: a journey step that never yields (a CPU-bound loop) keeps
 * neither the deadline nor Ctrl-C from ending the run with every report, and the reports name
 * the thread and the step. A real runner process against a target on 127.0.0.1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printed, readSummary, startJourneys } from '../../runner/testing/cli-harness.ts';
import { reportProblems } from '../../runner/testing/report-check.ts';
import { startTargetServer, type TargetServer } from '../../runner/testing/target-server.ts';
import { reportFigures } from '../testing/figures.ts';

let target: TargetServer;
let dir = '';
beforeAll(async () => {
  target = await startTargetServer({ answerEveryPath: true });
  dir = await mkdtemp(join(tmpdir(), 'journeys-stuck-thread-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const spinner = (prefix: string, runTime: string) => [
  'run',
  '-f',
  'faults/runner/stuck-users.ts',
  'Spinner',
  '-u',
  '1',
  '-t',
  runTime,
  '--threads',
  '1',
  '-H',
  target.url,
  '--csv',
  prefix,
];

async function judged(
  prefix: string,
  code: number | null,
  wanted: number,
  elapsedMs: number,
  limitMs: number,
) {
  const lost = await reportProblems(prefix);
  if (code !== wanted) lost.push(`exit ${code}, wanted ${wanted}`);
  if (elapsedMs > limitMs) lost.push(`took ${elapsedMs} ms, limit ${limitMs} ms`);
  const exceptions = await readFile(`${prefix}_exceptions.csv`, 'utf8').catch(() => '');
  if (!/worker thread 0 did not stop within 5 s .* terminated while in Burn\.spin/.test(exceptions))
    lost.push(`exceptions do not name the thread and step: ${exceptions.slice(0, 300)}`);
  const summary = await readSummary(prefix).catch(() => ({}));
  if ((summary as { exitCode?: number }).exitCode !== wanted) lost.push('summary exit code');
  return lost;
}

describe('a step that never yields', () => {
  it('the deadline still ends the run: the thread is terminated 5 s after, reports name it and its step', async () => {
    const prefix = join(dir, 'deadline');
    const started = Date.now();
    const { code } = await startJourneys(spinner(prefix, '3s'), { timeoutMs: 90_000 }).done;
    // 3 s of load, 5 s of grace, and the start and the files on a loaded machine.
    const lost = await judged(prefix, code, 1, Date.now() - started, 45_000);
    reportFigures('a CPU-bound step at the deadline', {
      tries: 1,
      held: lost.length === 0 ? 1 : 0,
      lost: lost.length,
    });
    expect(lost).toEqual([]);
  }, 120_000);

  it('the first Ctrl-C ends the run with every report, whatever the step does', async () => {
    const prefix = join(dir, 'sigint');
    const run = startJourneys(spinner(prefix, '120s'), { timeoutMs: 90_000 });
    await printed(run, 'journeys run:');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const signalled = Date.now();
    process.kill(run.child.pid ?? 0, 'SIGINT');
    const { code } = await run.done;
    const lost = await judged(prefix, code, 130, Date.now() - signalled, 30_000);
    reportFigures('SIGINT during a CPU-bound step', {
      tries: 1,
      held: lost.length === 0 ? 1 : 0,
      lost: lost.length,
    });
    expect(lost).toEqual([]);
  }, 120_000);
});
