/**
 * The web UI's routes: the page, its live feed (server-sent events, one message a second),
 * its controls (start, edit, stop, reset), the downloads, and Locust's control API — behind
 * the login (when set) and the origin check.
 */
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { formatRunnerError, RunnerError } from '../errors.ts';
import type { WebController } from './controller.ts';
import { DOWNLOADS, type DownloadSuffix } from './downloads.ts';
import type { LiveFeed, PageSent } from './feed.ts';
import { frameGuard, hostCheck, loginCheck, originCheck, type WebLogin } from './guard.ts';
import { addLocustApi, sendDownload } from './locust-api.ts';
import { type PageSettings, pageAsset, renderPage } from './page.ts';
import type { PipelineScraper } from './pipeline.ts';
import { readTestRequest } from './test-request.ts';

/** A page connected to the feed: sent a message each tick. */
export interface FeedPage {
  send(message: string): void;
  sent: PageSent & { pipeline: number };
}

export interface WebAppOptions {
  controller: WebController;
  feed: LiveFeed;
  pipeline: PipelineScraper;
  pages: Set<FeedPage>;
  login?: WebLogin;
  /** Host names this UI answers to (guard.ts's allowedHosts). */
  allowedHosts: ReadonlySet<string>;
  /** What the form offers (classes, profiles) and starts from. */
  settings: () => Promise<PageSettings>;
}

const STATE_CHANGING_GETS = new Set(['/stop', '/stats/reset']);

export function webApp(options: WebAppOptions): Hono {
  const { controller, feed, pipeline, pages } = options;
  const app = new Hono();
  // First, so every answer carries the frame headers, refusals and 401s included.
  app.use('*', frameGuard());
  app.use('*', hostCheck(options.allowedHosts));
  app.use('*', loginCheck(options.login));
  app.use(
    '*',
    originCheck((method, path) =>
      method !== 'GET' && method !== 'HEAD' ? true : STATE_CHANGING_GETS.has(path),
    ),
  );

  app.get('/', async (c) => c.html(renderPage(await options.settings())));
  app.get('/assets/:file', (c) => {
    const asset = pageAsset(c.req.param('file'));
    if (!asset) return c.text('no such file', 404);
    return c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
  });

  app.get('/feed', (c) =>
    streamSSE(c, async (stream) => {
      const page: FeedPage = {
        sent: { epoch: -1, points: 0, logs: 0, pipeline: 0 },
        send: (data) => void stream.writeSSE({ data }),
      };
      page.send(pageMessage(feed, pipeline, page));
      pages.add(page);
      const { promise, resolve } = Promise.withResolvers<void>();
      stream.onAbort(() => {
        pages.delete(page);
        resolve();
      });
      await promise;
    }),
  );

  const answer = async (c: Context, work: () => Promise<unknown> | unknown) => {
    try {
      return c.json({ success: true, ...((await work()) as object) });
    } catch (error) {
      if (!(error instanceof RunnerError)) throw error;
      return c.json({ success: false, message: formatRunnerError(error).join(' ') }, 400);
    }
  };
  app.post('/api/start', (c) =>
    answer(c, async () => {
      const config = await controller.start(readTestRequest(await c.req.json()));
      return { profile: config.profileName };
    }),
  );
  app.post('/api/edit', (c) =>
    answer(c, async () => {
      const request = readTestRequest(await c.req.json());
      const edited = controller.edit({
        ...(request.users === undefined ? {} : { users: request.users }),
        ...(request.spawnRate === undefined ? {} : { spawnRate: request.spawnRate }),
        ...(request.arrivalRate === undefined ? {} : { arrivalRate: request.arrivalRate }),
      });
      if (!edited) throw new RunnerError('no test is running', { code: 'WEB_IDLE', hint: 'start one first' });
      return {};
    }),
  );
  app.post('/api/stop', (c) => answer(c, () => ({ stopped: controller.stop() })));
  app.post('/api/reset', (c) => answer(c, () => controller.resetStats()));

  app.get('/download/:file', async (c) => {
    const suffix = `_${c.req.param('file')}`;
    if (!(DOWNLOADS as readonly string[]).includes(suffix)) return c.text('no such download', 404);
    return sendDownload(c, controller, suffix as DownloadSuffix);
  });

  addLocustApi(app, controller, feed);
  return app;
}

/** This tick's message for one page: the feed with only the chart points it has not had. */
export function pageMessage(
  feed: LiveFeed,
  pipeline: PipelineScraper,
  page: FeedPage,
  message = feed.build(),
): string {
  const sliced = feed.sliceFor(message, page.sent);
  const pipelineState = pipeline.since(page.sent.pipeline);
  page.sent = {
    epoch: message.epoch,
    points: sliced.from + sliced.series.time.length,
    logs: sliced.logs.at(-1)?.seq ?? page.sent.logs,
    pipeline: pipelineState.from + pipelineState.time.length,
  };
  return JSON.stringify({ ...sliced, pipeline: pipelineState });
}
