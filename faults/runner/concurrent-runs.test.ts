/**
 * Two runs at once on one machine: the same `--csv` prefix (the second is refused in one
 * line, the first keeps its files) and the same results folder in the same second (each
 * gets its own folder). Real runner processes against a target on 127.0.0.1.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
  dir = await mkdtemp(join(tmpdir(), 'journeys-concurrent-'));
});
afterAll(async () => {
  await target?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const shop = (words: string[]) => [
  'run',
  '-f',
  'runner/testing/users',
  'Shopper',
  '--threads',
  '1',
  '-u',
  '2',
  '-H',
  target.url,
  ...words,
];

describe('runs never share files', () => {
  it('a --csv prefix in use by a live run is refused in one line; the live run keeps every file', async () => {
    const prefix = join(dir, 'shared');
    const first = startJourneys(shop(['-t', '6s', '--csv', prefix]), { timeoutMs: 90_000 });
    await printed(first, 'journeys run:');
    const second = await startJourneys(shop(['-t', '2s', '--csv', prefix])).done;
    expect(second.code).toBe(2);
    expect(second.stderr.trim().split('\n')).toEqual([
      `error: --csv ${prefix}: in use by a running run (pid ${first.child.pid}, lock ${prefix}.lock) (--csv) — give this run another prefix, or wait for that run to end`,
    ]);
    const done = await first.done;
    expect(done.code).toBe(0);
    expect(await reportProblems(prefix)).toEqual([]);
    expect((await readSummary(prefix)).run.stoppedBy).toBe('duration');
    const left = (await readdir(dir)).filter((file) => file.endsWith('.lock') || file.endsWith('.tmp'));
    expect(left).toEqual([]);
    reportFigures('same --csv prefix, two live runs', { tries: 1, held: 1, lost: 0 });
  }, 120_000);

  it('four runs started together in one results folder each write a folder of their own', async () => {
    const results = join(dir, 'results');
    const runs = await Promise.all(
      [0, 1, 2, 3].map(() => startJourneys(shop(['-t', '2s', '--results-dir', results])).done),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0]);
    const folders = (await readdir(results)).sort();
    expect(folders).toHaveLength(4);
    const lost: string[] = [];
    for (const folder of folders) lost.push(...(await reportProblems(join(results, folder, 'run'))));
    reportFigures('four runs in one results folder at once', {
      tries: 4,
      held: 4 - lost.length,
      lost: lost.length,
      folders: folders.join(' '),
    });
    expect(lost).toEqual([]);
  }, 180_000);
});
