/**
 * The web UI's layout and tabs in Debian's headless Chromium, under request names as long as a
 * real API's: Locust's thirteen columns fit the window at 1280 px and wider with every name on
 * one line; narrower, the table scrolls inside its own box and never the page; every figure
 * in the header has its label; a header click sorts the table (the Aggregated row last);
 * the Exceptions tab has the raised error; the Current ratio tab shows the configured shares
 * beside the users running (closed model) and the journeys run (open model), and Edit opens
 * with the open model's running arrival rate.
 * JOURNEYS_WEB_SCREENSHOTS=docs/images writes the README's screenshots.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../testing/browser.ts';
import { cliBench, root } from '../testing/cli-harness.ts';
import { LONG_NAME } from './testing/catalogue-users.ts';
import { nextMessages, openUi } from './testing/web-page.ts';
import { startWebProcess } from './testing/web-process.ts';

const bench = cliBench('web-layout');
const catalogue = 'runner/web/testing/catalogue-users.ts';
let browser: Browser | undefined;
const shots = () =>
  process.env.JOURNEYS_WEB_SCREENSHOTS ? join(root, process.env.JOURNEYS_WEB_SCREENSHOTS) : bench.dir;

beforeAll(async () => {
  if (hasChromium()) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The page's globals, for the functions that run in it (the tests' TypeScript has no DOM
// types; strings cannot be used: the page's CSP forbids eval).
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const document: any;
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const window: any;

/** What the statistics table and the page measure at the page's width now. */
function measure() {
  const wrap = document.getElementById('stats-wrap');
  const rows = [...document.querySelectorAll('#stats tbody tr')];
  const heights = rows.map(
    (tr: { getBoundingClientRect(): { height: number } }) => tr.getBoundingClientRect().height,
  );
  const headers = [...document.querySelectorAll('#stats thead th')];
  return {
    viewport: window.innerWidth,
    pageWidth: document.documentElement.scrollWidth,
    tableWidth: wrap.scrollWidth,
    boxWidth: wrap.clientWidth,
    barWidth: document.querySelector('.bar').scrollWidth,
    rowHeights: { min: Math.min(...heights), max: Math.max(...heights) },
    headersInView: headers.every(
      (th: { getBoundingClientRect(): { right: number } }) =>
        th.getBoundingClientRect().right <= window.innerWidth,
    ),
  };
}

/** Text in the header that is neither a button, the name, nor a labelled figure. */
function unlabelledInBar(): string[] {
  const stray: string[] = [];
  for (const figure of document.querySelectorAll('.bar .figure')) {
    const label = figure.querySelector('.label')?.textContent.trim();
    if (!label) stray.push(figure.textContent);
  }
  const walker = document.createTreeWalker(document.querySelector('.bar'), 4);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const parent = node.parentElement;
    if (parent.closest('button, .brand, .figure')) continue;
    stray.push(node.textContent);
  }
  return stray;
}

const rowsOf = (page: Page, table: string) =>
  page.evaluate(
    (id) =>
      [...document.querySelectorAll(`#${id} tbody tr`)].map(
        (tr: { querySelectorAll(s: string): unknown[] }) =>
          [...tr.querySelectorAll('td')].map((td) => (td as { textContent: string }).textContent),
      ),
    table,
  );

describe('the web UI layout and tabs', () => {
  it('fits Locust’s table at 1280 px and wider, scrolls it inside its box when narrower; ratio and exceptions', async () => {
    const web = await startWebProcess(
      bench.target.url,
      bench.dir,
      ['--autostart', '-u', '8', '-r', '8', '-t', '60s'],
      catalogue,
    );
    try {
      const { page, errors } = await openUi(browser, web.url, { width: 1280, height: 800 });
      await page.waitForFunction(() => document.querySelectorAll('#stats tbody tr').length === 5, null, {
        timeout: 30_000,
      });
      await page.waitForFunction(() => document.getElementById('users-now').textContent === '8', null, {
        timeout: 30_000,
      });
      expect(await page.getAttribute(`#stats td[title="${LONG_NAME}"]`, 'class')).toBe('name');
      expect(await page.evaluate(unlabelledInBar)).toEqual([]);

      for (const width of [1280, 1600, 1920]) {
        await page.setViewportSize({ width, height: 800 });
        await nextMessages(page);
        const m = await page.evaluate(measure);
        expect(m.pageWidth, `page at ${width}`).toBeLessThanOrEqual(m.viewport);
        expect(m.tableWidth, `table at ${width}`).toBeLessThanOrEqual(m.boxWidth);
        expect(m.headersInView, `headers at ${width}`).toBe(true);
        // Every name on one line: every row as tall as the others.
        expect(m.rowHeights.max - m.rowHeights.min, `row heights at ${width}`).toBeLessThan(2);
      }
      await page.setViewportSize({ width: 1280, height: 800 });
      await nextMessages(page);
      await page.screenshot({ path: join(shots(), 'web-ui.png') });

      for (const width of [1024, 800]) {
        await page.setViewportSize({ width, height: 800 });
        await nextMessages(page);
        const m = await page.evaluate(measure);
        expect(m.pageWidth, `page at ${width}`).toBeLessThanOrEqual(m.viewport);
        expect(m.barWidth, `header at ${width}`).toBeLessThanOrEqual(m.viewport);
        expect(m.tableWidth, `table at ${width}`).toBeGreaterThan(m.boxWidth);
        expect(m.rowHeights.max - m.rowHeights.min, `row heights at ${width}`).toBeLessThan(2);
      }
      await page.setViewportSize({ width: 1280, height: 800 });

      // Sorting, as Locust's table: by requests from the most, again from the least, by name
      // from A; the Aggregated row stays last; the order holds through the next messages.
      const requestsColumn = async () =>
        (await rowsOf(page, 'stats')).map((row) => [row[1], Number(row[2])] as [string, number]);
      const isSorted = (rows: [string, number][], descending: boolean) =>
        rows
          .slice(0, -1)
          .every(
            (row, i, all) => i === 0 || (descending ? all[i - 1][1] >= row[1] : all[i - 1][1] <= row[1]),
          );
      await page.click('#stats th:nth-child(3) button');
      await nextMessages(page);
      let sorted = await requestsColumn();
      expect(sorted.at(-1)?.[0]).toBe('Aggregated');
      expect(isSorted(sorted, true)).toBe(true);
      expect(await page.getAttribute('#stats th:nth-child(3)', 'aria-sort')).toBe('descending');
      await page.click('#stats th:nth-child(3) button');
      sorted = await requestsColumn();
      expect(isSorted(sorted, false)).toBe(true);
      expect(sorted.at(-1)?.[0]).toBe('Aggregated');
      await page.click('#stats th:nth-child(2) button');
      await nextMessages(page);
      const names = (await rowsOf(page, 'stats')).map((row) => row[1]);
      expect(names).toEqual([...names.slice(0, -1)].sort((a, b) => a.localeCompare(b)).concat('Aggregated'));
      expect(names).toHaveLength(5);
      const sortedWidth = await page.evaluate(measure);
      expect(sortedWidth.tableWidth, 'table at 1280 with a sort arrow').toBeLessThanOrEqual(
        sortedWidth.boxWidth,
      );

      await page.click('[data-tab=exceptions]');
      await page.waitForFunction(
        () => document.querySelector('#exceptions tbody td:nth-child(2)')?.textContent,
      );
      const [exception] = await rowsOf(page, 'exceptions');
      expect(exception[1]).toContain('audit trail unavailable');
      expect(Number(exception[0])).toBeGreaterThan(0);

      // Weights 3:1 between the classes, 3:1 and 1:1 between their journeys; 8 users split 6 and 2.
      await page.click('[data-tab=ratio]');
      expect(await rowsOf(page, 'ratio-classes')).toEqual([
        ['CatalogueBrowser', '3', '', '75.0%', '6', '6'],
        ['BrowseCatalogue', '3', '75.0%', '56.3%', '', ''],
        ['CheckStock', '1', '25.0%', '18.8%', '', ''],
        ['OrderPlacer', '1', '', '25.0%', '2', '2'],
        ['PlaceOrder', '1', '50.0%', '12.5%', '', ''],
        ['AuditOrder', '1', '50.0%', '12.5%', '', ''],
      ]);
      const totals = await rowsOf(page, 'ratio-totals');
      expect(totals.map((row) => row.slice(0, 2))).toEqual([
        ['BrowseCatalogue', '56.3%'],
        ['CheckStock', '18.8%'],
        ['PlaceOrder', '12.5%'],
        ['AuditOrder', '12.5%'],
      ]);
      const measured = totals.map((row) => Number.parseFloat(row[3]));
      expect(measured.every((share) => share > 0)).toBe(true);
      expect(measured.reduce((a, b) => a + b, 0)).toBeGreaterThan(99.5);
      await page.screenshot({ path: join(shots(), 'web-ui-ratio.png') });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await web.quit();
    }
  }, 120_000);

  it('shows the open model’s ratio and opens Edit with its running arrival rate', async () => {
    const web = await startWebProcess(
      bench.target.url,
      bench.dir,
      ['--autostart', '--arrival-rate', '10', '--max-users', '8', '-t', '60s'],
      catalogue,
    );
    try {
      const { page, errors } = await openUi(browser, web.url);
      await page.waitForFunction(() => document.getElementById('state').textContent === 'running', null, {
        timeout: 30_000,
      });
      await page.click('#edit-open');
      expect(await page.inputValue('#edit-form [name=arrivalRate]')).toBe('10');
      expect(await page.isVisible('#edit-form [name=users]')).toBe(false);
      await page.fill('#edit-form [name=arrivalRate]', '20');
      await page.click('#edit-apply');
      await page.waitForSelector('#edit-form', { state: 'hidden' });
      await nextMessages(page);
      await page.click('#edit-open');
      expect(await page.inputValue('#edit-form [name=arrivalRate]')).toBe('20');
      await page.click('#edit-cancel');

      // max_users 8 shared 6:2 by weight is each class's share of the arrivals.
      await page.click('[data-tab=ratio]');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#ratio-totals tbody tr td:nth-child(3)')].every(
          (td: { textContent: string }) => Number(td.textContent) > 0,
        ),
      );
      const classes = await rowsOf(page, 'ratio-classes');
      expect(classes[0]).toEqual(['CatalogueBrowser', '3', '', '75.0%', 'open model', '-']);
      expect(classes[3]).toEqual(['OrderPlacer', '1', '', '25.0%', 'open model', '-']);
      expect(await page.textContent('#ratio-note')).toContain('Open model');
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await web.quit();
    }
  }, 120_000);
});
