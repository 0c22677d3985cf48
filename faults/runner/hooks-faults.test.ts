/**
 * Run hooks and user modules that never finish, against a real runner process on 127.0.0.1:
 * every report is still written (or the run ends before its load with one line), and the
 * process ends on its own within its limits.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSummary, startJourneys } from '../../runner/testing/cli-harness.ts';
import { reportProblems } from '../../runner/testing/report-check.ts';
import { startTargetServer, type TargetServer } from '../../runner/testing/target-server.ts';
import { reportFigures } from '../testing/figures.ts';

let target: TargetServer;
let dir = '';
beforeAll(async () => {
  target = await startTargetServer({ answerEveryPath: true });
  dir = await mkdtemp(join(tmpdir(), 'journeys-hook-faults-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (words: string[], timeoutMs = 60_000) =>
  startJourneys(['run', '--threads', '1', '-H', target.url, ...words], { timeoutMs });

describe('hooks and imports that never finish', () => {
  it('testStop that never settles and invariants that poll forever: both reported, every report written, exit 1', async () => {
    const prefix = join(dir, 'stuck-end');
    const { code, stdout } = await run([
      '-f',
      'faults/runner/stuck-users.ts',
      'StuckEnd',
      '-t',
      '2s',
      '--hook-timeout',
      '5s',
      '--csv',
      prefix,
    ]).done;
    const problems = await reportProblems(prefix);
    const summary = await readSummary(prefix);
    const lines = stdout.split('\n');
    const lost = [...problems];
    for (const hook of ['StuckEnd.testStop', 'StuckEnd.invariants']) {
      if (!lines.includes(`invariant ${hook}: FAIL (hook did not settle within 5 s (hook_timeout))`))
        lost.push(`${hook} not reported as unsettled`);
    }
    if (code !== 1) lost.push(`exit ${code}`);
    if (summary.exitCode !== 1) lost.push(`summary exit ${summary.exitCode}`);
    reportFigures('testStop / invariants never settle', {
      tries: 2,
      held: 2 - lost.length,
      lost: lost.length,
    });
    expect(lost).toEqual([]);
  }, 90_000);

  it('testStart that never settles: one line naming the class and hook_timeout, exit 1, no load', async () => {
    target.reset();
    const { code, stderr } = await run([
      '-f',
      'faults/runner/stuck-users.ts',
      'StuckStart',
      '-t',
      '2s',
      '--hook-timeout',
      '5s',
    ]).done;
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('StuckStart.testStart did not settle within 5 s (hook_timeout)');
    expect(target.served.get('/browse')).toBeUndefined();
  }, 60_000);

  it('a module that loops at import is named with its file (exit 2); Ctrl-C during it ends the run at once (exit 130, files written)', async () => {
    const timed = await run(['-f', 'faults/runner/loop-at-import.ts', '-t', '2s', '--hook-timeout', '2s'])
      .done;
    expect(timed.code).toBe(2);
    const line = timed.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toContain('import did not finish within 2 s');
    expect(line).toContain('faults/runner/loop-at-import.ts');

    const prefix = join(dir, 'import-stop');
    const interrupted = run(['-f', 'faults/runner/loop-at-import.ts', '-t', '2s', '--csv', prefix], 30_000);
    // Well after the CLI has loaded (its signal handlers are set then), well before the 60 s limit.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    process.kill(interrupted.child.pid ?? 0, 'SIGINT');
    const stopped = await interrupted.done;
    expect(stopped.code).toBe(130);
    // Stopped before its load, the run still writes its (empty) files, as every stopped set-up does.
    expect(await reportProblems(prefix)).toEqual([]);
    expect((await readSummary(prefix)).run.stoppedIn).toBe('preflight');
    reportFigures('a module that loops at import', { tries: 2, held: 2, lost: 0 });
  }, 90_000);
});
