/**
 * Serves the web UI (`journeys web`, `journeys run --web`) on @hono/node-server, and ticks
 * once a second: scrapes the pipeline, builds the feed once and sends every page its message.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { RunnerError } from '../errors.ts';
import { type FeedPage, pageMessage, webApp } from './app.ts';
import type { WebController } from './controller.ts';
import { LiveFeed } from './feed.ts';
import { allowedHosts, checkWebBinding } from './guard.ts';
import type { PageSettings } from './page.ts';
import { PipelineScraper } from './pipeline.ts';

export interface WebServerOptions {
  controller: WebController;
  host: string;
  port: number;
  /** `--web-auth user:password`; required for a host beyond this machine. */
  auth?: string;
  /** `--web-allowed-hosts`: names beyond loopback and the bound address the UI answers to. */
  allowedHosts?: readonly string[];
  /** `--target-metrics URL`; default the target's own /metrics. */
  targetMetrics?: string;
  settings: () => Promise<PageSettings>;
}

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

/**
 * @example
 * const server = await startWebServer({ controller, host: '127.0.0.1', port: 8089, settings });
 * console.log(`web UI at ${server.url}`);
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const login = checkWebBinding(options.host, options.auth);
  const { controller } = options;
  const feed = new LiveFeed(controller);
  const pipeline = new PipelineScraper(
    () => {
      if (options.targetMetrics) return options.targetMetrics;
      const host =
        controller.live()?.host ?? controller.last()?.summary.run?.host ?? controller.config()?.host;
      return host ? new URL('/metrics', host).href : undefined;
    },
    { keepTrying: options.targetMetrics !== undefined },
  );
  const pages = new Set<FeedPage>();
  const app = webApp({
    controller,
    feed,
    pipeline,
    pages,
    settings: options.settings,
    allowedHosts: allowedHosts(options.host, options.allowedHosts ?? []),
    ...(login ? { login } : {}),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RunnerError(
          `cannot serve the web UI on ${options.host}:${options.port}: ${error.code ?? error.message}`,
          {
            code: 'WEB_LISTEN',
            where: '--web-port',
            hint:
              error.code === 'EADDRINUSE'
                ? 'another process uses the port: pick another --web-port'
                : 'check --web-host',
          },
        ),
      ),
    );
  });
  const ticker = setInterval(() => {
    void pipeline.scrape();
    // Built even with no page open: the current rates need a sample every second.
    const message = feed.build();
    for (const page of pages) page.send(pageMessage(feed, pipeline, page, message));
  }, 1000);
  const address = server.address() as AddressInfo;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${address.port}`,
    async close() {
      clearInterval(ticker);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open feeds would hold the server: end them.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
    },
  };
}
