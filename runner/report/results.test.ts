import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunStats } from '../stats/run-stats.ts';
import { buildSummary } from '../stats/summary.ts';
import { resultsLine, writeEveryResult, writeResults } from './results.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-results-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function files(prefix: string, extra: { htmlFile?: string; junitFile?: string } = {}) {
  const stats = new RunStats({ startedAt: Date.UTC(2026, 10, 23, 19, 45) });
  stats.end(Date.UTC(2026, 10, 23, 19, 45, 2));
  return { prefix, stats, fullHistory: false, summary: { ...buildSummary(stats), exitCode: 0 }, ...extra };
}

describe('writeEveryResult', () => {
  it('goes on past a file that fails, says why, and counts it in summary.json', async () => {
    const prefix = join(dir, 'blocked');
    await mkdir(`${prefix}_failures.csv`);
    const junit = join(dir, 'elsewhere', 'junit.xml');
    const { paths, failures } = await writeEveryResult(files(prefix, { junitFile: junit }));
    expect(failures).toEqual([{ file: `${prefix}_failures.csv`, reason: 'it is a folder (EISDIR)' }]);
    expect(paths).toContain(`${prefix}_exceptions.csv`);
    expect(paths).toContain(junit);
    expect(paths.at(-1)).toBe(`${prefix}_summary.json`);
    expect(JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8')).exitCode).toBe(1);
  });

  it('writes the copies elsewhere when the PREFIX_* folder cannot be made', async () => {
    await writeFile(join(dir, 'afile'), 'not a folder');
    const prefix = join(dir, 'afile', 'no', 'r');
    const html = join(dir, 'copy.html');
    const { paths, failures } = await writeEveryResult(files(prefix, { htmlFile: html }));
    expect(paths).toEqual([html]);
    expect(failures).toEqual([
      {
        file: `${prefix}_* (folder ${join(dir, 'afile', 'no')})`,
        reason: expect.stringMatching(/\((ENOTDIR|EEXIST)\)$/),
      },
    ]);
  });

  it('writeResults (report render / merge) writes the rest, then throws one line per failure', async () => {
    const prefix = join(dir, 'blocked');
    await expect(writeResults(files(prefix))).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      exitCode: 1,
      problems: [`could not write ${prefix}_failures.csv: it is a folder (EISDIR)`],
    });
    expect(existsSync(`${prefix}_report.html`)).toBe(true);
  });
});

describe('resultsLine', () => {
  it('counts only what PREFIX_* matches and names the other files apart', () => {
    const paths = ['out/r_stats.csv', 'out/r_report.html', 'out/r_x/deep.csv', 'r.html', 'junit.xml'];
    expect(resultsLine('out/r', paths, 'r.html')).toBe(
      'results: out/r_*  (2 files); also: out/r_x/deep.csv, r.html, junit.xml; report: r.html',
    );
    expect(resultsLine('out/r', ['out/r_stats.csv'], 'out/r_report.html')).toBe('results: out/r_*  (1 file)');
  });
});
