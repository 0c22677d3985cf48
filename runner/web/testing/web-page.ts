/**
 * Test support: the web UI opened in Debian's headless Chromium, with every console error,
 * page error and request off its own server collected (the page must have none).
 */
import type { Browser, Page } from 'playwright-core';

export interface OpenedUi {
  page: Page;
  /** Console errors, uncaught page errors and requests to anywhere but the UI, in order. */
  errors: string[];
}

/**
 * Opens `url` and waits for the feed's first message.
 * @example const { page, errors } = await openUi(browser, web.url, { width: 1280, height: 800 });
 */
export async function openUi(
  browser: Browser | undefined,
  url: string,
  viewport = { width: 1366, height: 900 },
): Promise<OpenedUi> {
  if (!browser) throw new Error('no Chromium at /usr/bin/chromium: apt-get install chromium');
  const page = await browser.newPage({ viewport, acceptDownloads: true });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  // Self-contained: nothing but this server is asked for.
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(url)) return route.continue();
    errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForSelector('body[data-messages]', { timeout: 30_000 });
  return { page, errors };
}

/** How many feed messages the page has drawn; wait for `n` more with {@link nextMessages}. */
export async function messagesDrawn(page: Page): Promise<number> {
  return Number(await page.getAttribute('body', 'data-messages'));
}

// The page's globals, for the functions that run in it (this TypeScript has no DOM types;
// strings cannot be used: the page's CSP forbids eval).
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const document: any;

/** Resolves once the page has drawn `n` more feed messages than now. */
export async function nextMessages(page: Page, n = 1): Promise<void> {
  const until = (await messagesDrawn(page)) + n;
  await page.waitForFunction((count) => Number(document.body.dataset.messages) >= count, until, {
    timeout: 30_000,
  });
}
