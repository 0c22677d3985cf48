/**
 * Opens a report in Debian's headless Chromium (playwright-core drives it; no browser
 * download) for the report's tests and benchmark. Everything off that would reach the network.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether the browser the report tests need is installed (`.ci/run` installs it with apt-get). */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export interface OpenedReport {
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** Milliseconds from navigation to every chart drawn. */
  drawnMs: number;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * @example
 * const report = await openReport(browser, 'results/x/x_report.html');
 * const charts = await report.page.evaluate(() => window.journeysCharts.length);
 */
export async function openReport(
  browser: Browser,
  file: string,
  viewport = { width: 1366, height: 900 },
): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  // A self-contained report asks for nothing: any request but the file itself is an error.
  const url = pathToFileURL(file).href;
  await page.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector('body[data-charts-drawn]', { timeout: 30_000 });
  const drawnMs = performance.now() - started;
  return { page, errors, drawnMs, close: () => page.close() };
}

export interface DrawnChart {
  id: string;
  /** Non-null values over all the chart's lines. */
  points: number;
  /** X values (history rows) the chart holds. */
  rows: number;
}

/** What the report's script drew, read from the page (`window.journeysCharts`). */
export async function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return (await page.evaluate(
    `window.journeysCharts.map((c) => ({ id: c.id, points: c.points, rows: c.uplot ? c.uplot.data[0].length : 0 }))`,
  )) as DrawnChart[];
}

/** Parses XML with the browser's own parser: whether it is well-formed, and how many of each element. */
export async function parseXml(
  page: Page,
  xml: string,
  count: readonly string[],
): Promise<{ error: string | null; counts: Record<string, number> }> {
  return (await page.evaluate(`(() => {
    const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
    const error = doc.querySelector('parsererror');
    const counts = {};
    for (const selector of ${JSON.stringify(count)}) counts[selector] = doc.querySelectorAll(selector).length;
    return { error: error ? error.textContent : null, counts };
  })()`)) as { error: string | null; counts: Record<string, number> };
}
