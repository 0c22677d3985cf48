/**
 * Benchmark (not a test): the HTML report of a synthetic 2-hour run at one history row per
 * second (7,200 rows, ~20 endpoints) — its size (target < 5 MB) and the time headless
 * Chromium takes from navigation until every chart is drawn (target < 2 s).
 *
 *   npx node scripts/bench/report.ts [--seconds 7200] [--endpoints 20] [--full-history] [--keep DIR]
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeHtmlReport } from '../../runner/report/html.ts';
import { buildSummary } from '../../runner/stats/summary.ts';
import { hasChromium, launchChromium, openReport } from '../../runner/testing/browser.ts';
import { syntheticRun } from '../../runner/testing/synthetic-run.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '7200' },
    endpoints: { type: 'string', default: '20' },
    keep: { type: 'string' },
    'full-history': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const endpoints = Number(values.endpoints);

let started = performance.now();
const stats = syntheticRun({
  seconds,
  endpoints,
  perSecond: 5,
  failRatio: 0.002,
  users: 200,
  fullHistory: values['full-history'],
});
const buildMs = performance.now() - started;

const dir = values.keep ?? (await mkdtemp(join(tmpdir(), 'journeys-report-bench-')));
const file = join(dir, 'bench_report.html');
started = performance.now();
await writeHtmlReport(file, {
  stats,
  summary: { ...buildSummary(stats), run: { profile: 'bench-2h', users: 200, threads: 1 } },
});
const renderMs = performance.now() - started;
const bytes = (await stat(file)).size;

console.log(
  `synthetic run: ${seconds} s, ${endpoints} endpoints, ${stats.history().length} history rows (built in ${(buildMs / 1000).toFixed(1)} s)`,
);
console.log(
  `report: ${(bytes / 1024 / 1024).toFixed(2)} MB (target < 5 MB), rendered in ${renderMs.toFixed(0)} ms → ${file}`,
);

if (!hasChromium()) {
  console.log('skipped the browser measurement: /usr/bin/chromium is not installed');
} else {
  const browser = await launchChromium();
  try {
    // The first page pays for the browser's warm-up; measure a few and report each.
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await openReport(browser, file);
      if (report.errors.length > 0) console.log(`page errors: ${report.errors.join('; ')}`);
      times.push(report.drawnMs);
      await report.close();
    }
    console.log(
      `open → charts drawn: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')} (target < 2000 ms)`,
    );
  } finally {
    await browser.close();
  }
}
if (!values.keep) await rm(dir, { recursive: true, force: true });
