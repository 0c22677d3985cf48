/**
 * The web UI while a test starts the embedded service (seconds of PGlite's start-up), in
 * Debian's headless Chromium: the status says "starting the service…" — not "spawning" with
 * no users — and Edit and Reset statistics wait for the load; the Logs tab has the start-up
 * lines as they are printed; then the test runs.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../testing/browser.ts';
import { cliBench } from '../testing/cli-harness.ts';
import { openUi } from './testing/web-page.ts';
import { startWebProcess } from './testing/web-process.ts';

const bench = cliBench('web-starting');
let browser: Browser | undefined;

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

const logLines = () =>
  [...document.querySelectorAll('#logs li')].map((li: { textContent: string }) => li.textContent);

describe('the web UI while the embedded service starts', () => {
  it('says it is starting the service, then runs', async () => {
    const web = await startWebProcess(undefined, bench.dir);
    try {
      const { page, errors } = await openUi(browser, web.url);
      await page.fill('#start-form [name=users]', '1');
      for (const name of ['Racer', 'Breaker']) await page.uncheck(`#start-form input[value=${name}]`);
      await page.click('#start');
      await page.waitForFunction(
        () => document.getElementById('state').textContent === 'starting the service…',
        null,
        { timeout: 30_000 },
      );
      expect(await page.getAttribute('#state', 'data-state')).toBe('starting');
      expect(await page.isVisible('#stop')).toBe(true);
      expect(await page.isVisible('#edit-open')).toBe(false);
      expect(await page.isVisible('#reset')).toBe(false);
      await page.click('[data-tab=logs]');
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('#logs li')].some((li: { textContent: string }) =>
            li.textContent.includes('starting the embedded service'),
          ),
        null,
        { timeout: 30_000 },
      );
      // PGlite's start takes seconds here; the users follow.
      await page.waitForFunction(() => document.getElementById('state').textContent === 'running', null, {
        timeout: 90_000,
      });
      const lines = await page.evaluate(logLines);
      expect(lines.some((line: string) => line.includes('embedded service started at'))).toBe(true);
      expect(await page.textContent('#host-now')).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await page.click('#stop');
      await page.waitForFunction(() => document.getElementById('state').textContent === 'stopped', null, {
        timeout: 60_000,
      });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await web.quit();
    }
  }, 180_000);
});
