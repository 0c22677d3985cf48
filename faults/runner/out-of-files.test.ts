/**
 * The runner out of file descriptors: a run with more users holding sockets than `ulimit -n`
 * allows names `EMFILE` as the runner's problem (the exceptions table) and never counts it
 * as the target's failures; and a load beyond the machine's memory is refused before the run.
 */

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { root, startJourneys } from '../../runner/testing/cli-harness.ts';
import { reportProblems } from '../../runner/testing/report-check.ts';
import { startTargetServer, type TargetServer } from '../../runner/testing/target-server.ts';
import { reportFigures } from '../testing/figures.ts';

let target: TargetServer;
let dir = '';
beforeAll(async () => {
  target = await startTargetServer({ answerEveryPath: true });
  dir = await mkdtemp(join(tmpdir(), 'journeys-out-of-files-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the runner’s own limits', () => {
  it('EMFILE is named as the runner’s problem, not counted as the target’s failures', async () => {
    const prefix = join(dir, 'emfile');
    // `ulimit -n 300` for the runner alone (40 users pass the start-up check), each user holding ten sockets.
    const run = spawn(
      'bash',
      [
        '-c',
        `ulimit -n 300 && exec "${process.execPath}" runner/bin.js run -f faults/runner/bounded-users.ts ManySockets -u 40 -r 40 -t 4s --threads 1 -H ${target.url} --csv ${prefix}`,
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    run.stdout.on('data', (chunk) => {
      out += chunk;
    });
    run.stderr.on('data', (chunk) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve) => run.on('close', resolve));
    const problems = await reportProblems(prefix);
    const exceptions = await readFile(`${prefix}_exceptions.csv`, 'utf8').catch(() => '');
    const failures = await readFile(`${prefix}_failures.csv`, 'utf8').catch(() => '');
    const lost: string[] = [...problems];
    if (!exceptions.includes('out of file descriptors (EMFILE)'))
      lost.push(`no EMFILE exception: ${out.slice(-500)}`);
    if (failures.includes('EMFILE')) lost.push('EMFILE counted as a failure of the target');
    reportFigures('EMFILE under ulimit -n 300, 40 users × 10 sockets', {
      tries: 1,
      held: lost.length === 0 ? 1 : 0,
      lost: lost.length,
      exit: code ?? 'none',
    });
    expect(lost).toEqual([]);
  }, 120_000);

  it('a load beyond the machine’s memory is refused before the run in one line, exit 2', async () => {
    target.reset();
    const { code, stderr } = await startJourneys([
      'run',
      '-f',
      'faults/runner/bounded-users.ts',
      'ManySockets',
      '-u',
      '1000000000000',
      '-r',
      '1000000000000',
      '-t',
      '5s',
      '-H',
      target.url,
    ]).done;
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: --users: 1000000000000 is more than the \d+ users one runner process can hold/,
    );
    expect(target.served.size).toBe(0);
  }, 60_000);
});
