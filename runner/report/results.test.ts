import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderLocustCsv } from '../stats/csv.ts';
import { StatsRecorder } from '../stats/recorder.ts';
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
  it("writes Locust's CSV files as stats/ renders them", async () => {
    const run = files(join(dir, 'csv', 'run'));
    const recorder = new StatsRecorder();
    recorder.request('GET', '/a', 12, 100);
    recorder.request('GET', '/a', 30, 100, 'HTTP 500');
    run.stats.merge(recorder.takeSnapshot());
    const { paths } = await writeEveryResult(run);
    expect(paths.filter((p) => p.endsWith('.csv')).map((p) => p.slice(join(dir, 'csv').length + 1))).toEqual([
      'run_stats.csv',
      'run_stats_history.csv',
      'run_failures.csv',
      'run_exceptions.csv',
      'run_journeys.csv',
    ]);
    expect(await readFile(paths[0], 'utf8')).toBe(renderLocustCsv(run.stats)['_stats.csv']);
  });

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

  it('decides the exit code after the other files; the HTML report and summary.json carry it', async () => {
    const prefix = join(dir, 'junit-blocked', 'r');
    const junit = join(dir, 'junit-blocked');
    const seen: number[] = [];
    const exitCode = (unwritten: number) => {
      seen.push(unwritten);
      return unwritten > 0 ? 1 : 0;
    };
    const { failures, exitCode: code } = await writeEveryResult({
      ...files(prefix, { junitFile: junit }),
      exitCode,
    });
    expect(failures.map((failure) => failure.file)).toEqual([junit]);
    expect(code).toBe(1);
    expect(seen).toEqual([1, 1]);
    expect(JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8')).exitCode).toBe(1);
    expect(await readFile(`${prefix}_report.html`, 'utf8')).toContain('id="outcome">FAIL<');
  });

  it('writes the HTML report again when summary.json then fails and changes the code', async () => {
    const prefix = join(dir, 'summary-blocked');
    await mkdir(`${prefix}_summary.json`);
    const { paths, failures, exitCode } = await writeEveryResult(files(prefix));
    expect(failures).toEqual([{ file: `${prefix}_summary.json`, reason: 'it is a folder (EISDIR)' }]);
    expect(exitCode).toBe(1);
    expect(paths.filter((path) => path === `${prefix}_report.html`)).toHaveLength(1);
    expect(await readFile(`${prefix}_report.html`, 'utf8')).toContain('id="outcome">FAIL<');
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
