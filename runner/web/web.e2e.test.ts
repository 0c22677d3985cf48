/**
 * The web UI end to end, in Debian's headless Chromium: `journeys web` as a real child
 * process against a real target; Locust's tabs; start 2 users from the form, the table gains
 * rows and the charts points; Edit opens with the running values, edit to 5 users and see 5
 * within 3 s; the Current ratio tab; Reset statistics empties the table while the charts and
 * the elapsed time go on; the Logs tab follows the run live; Stop; the verdict; the stats
 * CSV downloaded from the page equals the file in the results folder. Then the pipeline tab
 * against the real service (in memory) under the suite's users, each line its own look. No
 * console errors, no request off the server.
 * JOURNEYS_WEB_SCREENSHOTS=docs/images writes the README's screenshots.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService } from '../../service/testing/test-service.ts';
import { hasChromium, launchChromium } from '../testing/browser.ts';
import { cliBench, root } from '../testing/cli-harness.ts';
import { nextMessages, openUi as openPage } from './testing/web-page.ts';
import { startWebProcess } from './testing/web-process.ts';

const bench = cliBench('web-e2e');
let browser: Browser | undefined;
const shots = () =>
  process.env.JOURNEYS_WEB_SCREENSHOTS ? join(root, process.env.JOURNEYS_WEB_SCREENSHOTS) : bench.dir;

beforeAll(async () => {
  if (hasChromium()) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const openUi = (url: string) => openPage(browser, url);

// The page's globals, for the functions that run in it (the tests' TypeScript has no DOM
// types; strings cannot be used: the page's CSP forbids eval).
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const window: any;

function pageRequests(): number {
  const cells = [...document.querySelectorAll('#stats tbody tr')].at(-1)?.querySelectorAll('td');
  return cells && cells[1].textContent === 'Aggregated' ? Number(cells[2].textContent) : 0;
}
const aggregatedRequests = (page: Page) => page.evaluate(pageRequests);
const usersNow = (n: number) => document.getElementById('users-now')?.textContent === String(n);
const rowsOf = (page: Page, table: string) =>
  page.evaluate(
    (id) =>
      [...document.querySelectorAll(`#${id} tbody tr`)].map(
        (tr: { querySelectorAll(s: string): unknown[] }) =>
          [...tr.querySelectorAll('td')].map((td) => (td as { textContent: string }).textContent),
      ),
    table,
  );
const chartRows = () => window.journeysCharts.map((c: { uplot: { data: number[][] } }) => c.uplot.data[0]);
const elapsedNow = () => Number(document.getElementById('elapsed-now').dataset.seconds);

describe('the web UI', () => {
  it('starts, edits, resets, stops and downloads what the results folder holds', async () => {
    const web = await startWebProcess(bench.target.url, bench.dir);
    try {
      const { page, errors } = await openUi(web.url);
      expect(await page.$$eval('[role=tab]', (tabs) => tabs.map((tab) => tab.textContent))).toEqual([
        'Statistics',
        'Charts',
        'Failures',
        'Exceptions',
        'Current ratio',
        'Journeys',
        'Pipeline',
        'Download Data',
        'Logs',
      ]);
      await page.fill('#start-form [name=users]', '2');
      await page.fill('#start-form [name=spawnRate]', '10');
      for (const name of ['Racer', 'Breaker']) await page.uncheck(`#start-form input[value=${name}]`);
      await page.click('#start');
      await page.waitForFunction(() => document.querySelectorAll('#stats tbody tr').length === 3, null, {
        timeout: 10_000,
      });
      await page.waitForFunction(usersNow, 2, { timeout: 10_000 });
      await page.click('[data-tab=charts]');
      await page.waitForFunction(
        () =>
          window.journeysCharts?.length === 3 &&
          window.journeysCharts.every((c: { points: number }) => c.points >= 2),
        null,
        { timeout: 10_000 },
      );
      await page.click('[data-tab=statistics]');

      // Edit opens with the running test's values, and only the closed model's fields.
      await page.click('#edit-open');
      expect(await page.inputValue('#edit-form [name=users]')).toBe('2');
      expect(await page.inputValue('#edit-form [name=spawnRate]')).toBe('10');
      expect(await page.isVisible('#edit-form [name=arrivalRate]')).toBe(false);
      await page.fill('#edit-form [name=users]', '5');
      const edited = Date.now();
      await page.click('#edit-apply');
      await page.waitForFunction(usersNow, 5, { timeout: 3_000 });
      expect(Date.now() - edited).toBeLessThan(3_000);

      // Current ratio: the one class by weight, its journey, configured beside running.
      await page.click('[data-tab=ratio]');
      await page.waitForFunction(() => {
        const cells = document.querySelectorAll('#ratio-classes tbody tr:first-child td');
        return cells.length === 6 && cells[5].textContent === '5';
      });
      expect(await rowsOf(page, 'ratio-classes')).toEqual([
        ['Shopper', '1', '', '100.0%', '5', '5'],
        ['Browse', '1', '100.0%', '100.0%', '', ''],
      ]);
      const [total] = await rowsOf(page, 'ratio-totals');
      expect(total[0]).toBe('Browse');
      expect(total[1]).toBe('100.0%');
      expect(Number(total[2])).toBeGreaterThan(0);
      expect(total[3]).toBe('100.0%');
      await page.click('[data-tab=statistics]');

      // Reset statistics, as Locust's: the table starts again, the charts and the clock go on.
      // Only once the table holds several seconds of requests at the current rate, so the
      // first second after the reset cannot count as many (a busy machine ramps unevenly).
      await page.waitForFunction(
        () => {
          const cells = [...document.querySelectorAll('#stats tbody tr')].at(-1)?.querySelectorAll('td');
          const rps = Number(cells?.[11].textContent);
          return cells !== undefined && rps > 0 && Number(cells[2].textContent) >= 4 * rps;
        },
        null,
        { timeout: 30_000 },
      );
      const before = await aggregatedRequests(page);
      expect(before).toBeGreaterThan(0);
      const [rpsTimes] = await page.evaluate(chartRows);
      const elapsed = await page.evaluate(elapsedNow);
      await page.click('#reset');
      await page.waitForFunction((n) => {
        const cells = [...document.querySelectorAll('#stats tbody tr')].at(-1)?.querySelectorAll('td');
        return cells !== undefined && Number(cells[2].textContent) < n;
      }, before);
      await nextMessages(page, 2);
      const [afterTimes] = await page.evaluate(chartRows);
      expect(afterTimes[0]).toBe(rpsTimes[0]);
      expect(afterTimes.length).toBeGreaterThan(rpsTimes.length);
      expect(await page.evaluate(elapsedNow)).toBeGreaterThan(elapsed);
      await page.click('[data-tab=charts]');
      await page.screenshot({ path: join(shots(), 'web-ui-charts.png') });

      // The Logs tab: the run's own lines, live.
      await page.click('[data-tab=logs]');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#logs li')].some((li: { textContent: string }) =>
          /journeys run: Shopper → http:\/\/127\.0\.0\.1:\d+/.test(li.textContent),
        ),
      );
      await page.click('[data-tab=statistics]');

      await page.click('#stop');
      await page.waitForFunction(() => document.getElementById('state')?.textContent === 'stopped', null, {
        timeout: 15_000,
      });
      await page.waitForSelector('#verdict .badge.pass');
      expect(await page.isVisible('#new-test')).toBe(true);
      // The run's last line reaches the Logs tab as it is printed.
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#logs li')].some((li: { textContent: string }) =>
          li.textContent.includes('exit 0'),
        ),
      );
      await page.click('[data-tab=logs]');
      await page.screenshot({ path: join(shots(), 'web-ui-logs.png') });

      await page.click('[data-tab=download]');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('a[href="download/stats.csv"]'),
      ]);
      const downloaded = await readFile((await download.path())!, 'utf8');
      const [folder] = await readdir(bench.dir);
      expect(download.suggestedFilename()).toBe('run_stats.csv');
      expect(downloaded).toBe(await readFile(join(bench.dir, folder, 'run_stats.csv'), 'utf8'));
      expect(downloaded.trim().split('\n')).toHaveLength(4);

      // A new test from the same page, as after any Locust run: its charts start afresh.
      const [firstRun] = await page.evaluate(chartRows);
      await page.click('#new-test');
      expect(await page.isVisible('#start-form')).toBe(true);
      await page.fill('#start-form [name=users]', '1');
      await page.click('#start');
      await page.waitForFunction(usersNow, 1, { timeout: 15_000 });
      await page.waitForFunction(() => window.journeysCharts[0].uplot.data[0].length >= 1, null, {
        timeout: 15_000,
      });
      const [secondRun] = await page.evaluate(chartRows);
      expect(secondRun[0]).toBeGreaterThan(firstRun.at(-1));
      // Stopped only once a request has completed: a run without one exits 1 (docs/decisions.md),
      // and so does `journeys web` after it. A chart point needs only the first second, and on a
      // busy machine the user's first request can take longer than that.
      await page.waitForFunction(pageRequests, null, { timeout: 15_000 });
      await page.click('#stop');
      await page.waitForFunction(() => document.getElementById('state')?.textContent === 'stopped', null, {
        timeout: 15_000,
      });
      expect(errors).toEqual([]);
      await page.close();
      expect(await web.quit()).toBe(0);
    } finally {
      await web.quit();
    }
  }, 90_000);

  it('charts the embedded service pipeline beside the load', async () => {
    // The real service (in memory) under the suite's cross-domain users: orders, payments, the saga.
    const service = await startTestService('memory');
    const web = await startWebProcess(
      service.url,
      bench.dir,
      ['CrossDomainFloodUser', 'CrossDomainUser', '--autostart', '-u', '6', '-r', '6', '-t', '60s'],
      'users',
    );
    try {
      const { page, errors } = await openUi(web.url);
      await page.click('[data-tab=pipeline]');
      // Events the load appended, charted from the service's own counters, and some seconds of them.
      await page.waitForFunction(
        () => {
          const events = window.journeysPipeline?.lines['pipeline-events']?.['all events'] ?? [];
          return events.filter((v: number | null) => v !== null && v > 0).length >= 5;
        },
        null,
        { timeout: 90_000 },
      );
      const charts = await page.evaluate(() =>
        [...document.querySelectorAll('#pipeline-charts .chart h3')].map(
          (h: { textContent: string }) => h.textContent,
        ),
      );
      expect(charts).toEqual([
        'Load: requests/s',
        'Events appended per second',
        'Commands per second',
        'Command duration (ms): mean and p95 of the last second',
        'Version conflicts and retries per second',
        'Projection lag and saga backlog (events)',
      ]);
      // Every line of a chart has its own look (colour, or colour and dash past twelve lines).
      const looks = await page.evaluate(() =>
        [...window.journeysPipelineCharts.values()].map(
          ({ chart }: { chart: { uplot: { series: { stroke(): string; dash?: number[] }[] } } }) =>
            chart.uplot.series.slice(1).map((s) => `${s.stroke()} ${(s.dash ?? []).join(',')}`),
        ),
      );
      expect(looks.length).toBe(6);
      for (const chart of looks) expect(new Set(chart).size).toBe(chart.length);
      expect(looks.some((chart: string[]) => chart.length > 1)).toBe(true);
      await page.screenshot({ path: join(shots(), 'web-ui-pipeline.png'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await web.quit();
      await service.close();
    }
  }, 180_000);
});
