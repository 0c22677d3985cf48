/**
 * `journeys report render | merge | compare` through the real CLI entry (in process), on
 * results folders written by the run's own writer from seeded synthetic runs.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareRuns, DEFAULT_COMPARE_OPTIONS, parseShare } from '../report/compare.ts';
import { writeResults } from '../report/results.ts';
import { RunStats } from '../stats/run-stats.ts';
import { buildSummary } from '../stats/summary.ts';
import { type SyntheticRunOptions, syntheticRun } from '../testing/synthetic-run.ts';
import { main } from './cli.ts';

// ajv-formats is CommonJS: under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

let dir: string;
const runs = new Map<string, RunStats>();

async function save(name: string, options: SyntheticRunOptions): Promise<string> {
  const stats = syntheticRun(options);
  runs.set(name, stats);
  const folder = join(dir, name);
  await writeResults({
    prefix: join(folder, 'demo'),
    stats,
    fullHistory: false,
    summary: {
      ...buildSummary(stats),
      run: { profile: 'demo', users: 5 },
      thresholds: [{ expression: 'p95<1000', pass: true }],
      invariants: [{ name: 'no oversell', pass: name !== 'broken' }],
      exitCode: 0,
    },
  });
  return folder;
}

async function journeys(...args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    return { code: await main(['node', 'journeys', ...args]), out };
  } finally {
    write.mockRestore();
  }
}

const shape = { seconds: 20, endpoints: 3, perSecond: 10 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-report-cmd-'));
  await save('base', { ...shape, seed: 1 });
  await save('same', { ...shape, seed: 2 });
  await save('slow', { ...shape, seed: 3, medianMs: 60 });
  await save('broken', { ...shape, seed: 4, failRatio: 0.05 });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('report compare', () => {
  it('exits 0 within --max-regression and 1 beyond it, with one JUnit testcase per endpoint', async () => {
    const same = await journeys('report', 'compare', join(dir, 'base'), join(dir, 'same'));
    expect(same.code).toBe(0);
    expect(same.out).toContain('no regression (limits: latency/rps 10%, fail ratio +1.00 pp)');

    const junit = join(dir, 'compare.xml');
    const slow = await journeys('report', 'compare', join(dir, 'base'), join(dir, 'slow'), '--junit', junit);
    expect(slow.code).toBe(1);
    expect(slow.out).toMatch(/^Aggregated .*REGRESSION: p50 \+\d+\.\d%/m);
    expect(existsSync(join(dir, 'slow', 'demo_compare.html'))).toBe(true);
    const xml = await readFile(junit, 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(4);
    expect(xml.match(/<\/testcase>/g)).toHaveLength(4);
    expect(xml.match(/<failure /g)).toHaveLength(4);
    expect(xml).toContain('tests="4" failures="4"');

    const lenient = await journeys(
      'report',
      'compare',
      join(dir, 'base'),
      join(dir, 'slow'),
      '--max-regression',
      '200%',
    );
    expect(lenient.code).toBe(0);
  });

  it('counts a fall in rps and a rise of the failure ratio in percentage points', () => {
    const base = runs.get('base')!;
    const fewer = syntheticRun({ ...shape, seed: 1, perSecond: 8 });
    const rps = compareRuns(base, fewer, DEFAULT_COMPARE_OPTIONS);
    expect(rps.rows.at(-1)!.regressions).toEqual(['rps -20.0%']);
    expect(rps.rows.at(-1)!.metrics.rps).toMatchObject({ base: 30, next: 24 });

    const failing = compareRuns(base, runs.get('broken')!, DEFAULT_COMPARE_OPTIONS);
    const aggregated = failing.rows.at(-1)!;
    expect(aggregated.metrics.failRatio.base).toBe(0);
    expect(aggregated.regressions.some((r) => r.startsWith('fail ratio +'))).toBe(true);
    const tolerant = compareRuns(base, runs.get('broken')!, {
      ...DEFAULT_COMPARE_OPTIONS,
      maxFailRatioIncrease: 0.2,
    });
    expect(tolerant.rows.at(-1)!.regressions.filter((r) => r.startsWith('fail'))).toEqual([]);
  });

  it('reads shares as 10% or 0.1 and refuses the rest', () => {
    expect(parseShare('10%', 'x')).toBe(0.1);
    expect(parseShare('0.25', 'x')).toBe(0.25);
    expect(() => parseShare('10', '--max-regression')).toThrow('write 10% or 0.1');
  });

  it('exits 2 naming a folder without raw stats', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { code } = await journeys('report', 'compare', dir, join(dir, 'same'));
      expect(code).toBe(2);
      expect(String(stderr.mock.calls[0][0])).toContain(
        `no raw statistics (*_raw.json) in this folder (${dir})`,
      );
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('report merge', () => {
  it('adds shards exactly, re-evaluates thresholds, keeps a failed invariant', async () => {
    const out = join(dir, 'merged');
    const junit = join(dir, 'merge.xml');
    const { code } = await journeys(
      'report',
      'merge',
      join(dir, 'base'),
      join(dir, 'broken'),
      '--out',
      out,
      '--junit',
      junit,
    );
    expect(code).toBe(1);
    const summary = JSON.parse(await readFile(join(out, 'demo_summary.json'), 'utf8'));
    const exact = RunStats.mergeRaw([runs.get('base')!.toRaw(), runs.get('broken')!.toRaw()]);
    expect(summary.totals.requests).toBe(1200);
    expect(summary.totals.failures).toBe(runs.get('broken')!.aggregated().failures);
    expect(summary.totals.percentiles.p95).toBe(Math.round(exact.aggregated().percentile(95)! * 1000) / 1000);
    expect(summary.run).toMatchObject({ profile: 'demo', users: 10, shards: 2 });
    const schema = JSON.parse(
      await readFile(new URL('../stats/summary.schema.json', import.meta.url), 'utf8'),
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(summary.thresholds).toMatchObject([{ expression: 'p95<1000', pass: true }]);
    expect(summary.invariants).toEqual([{ name: 'no oversell', pass: false }]);
    const stats = await readFile(join(out, 'demo_stats.csv'), 'utf8');
    expect(stats).toMatch(/^,Aggregated,1200,/m);
    expect(existsSync(join(out, 'demo_report.html'))).toBe(true);
    expect(await readFile(junit, 'utf8')).toContain('tests="2" failures="1"');
  });
});

describe('report render', () => {
  it('writes the same CSV files again from the raw stats, and the HTML report', async () => {
    const folder = join(dir, 'base');
    const before = await readFile(join(folder, 'demo_stats.csv'), 'utf8');
    const history = await readFile(join(folder, 'demo_stats_history.csv'), 'utf8');
    await rm(join(folder, 'demo_stats.csv'));
    await rm(join(folder, 'demo_report.html'));
    const html = join(dir, 'copy', 'report.html');
    const { code, out } = await journeys('report', 'render', folder, '--html', html);
    expect(code).toBe(0);
    expect(out).toContain(`wrote ${join(folder, 'demo_report.html')}`);
    expect(await readFile(join(folder, 'demo_stats.csv'), 'utf8')).toBe(before);
    expect(await readFile(join(folder, 'demo_stats_history.csv'), 'utf8')).toBe(history);
    expect(await readFile(html, 'utf8')).toBe(await readFile(join(folder, 'demo_report.html'), 'utf8'));
    const summary = JSON.parse(await readFile(join(folder, 'demo_summary.json'), 'utf8'));
    expect(summary.invariants).toEqual([{ name: 'no oversell', pass: true }]);
  });
});
