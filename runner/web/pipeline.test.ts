/** The pipeline tab's scraper against real servers on port 0: what it scrapes, and when it stops. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelineScraper } from './pipeline.ts';

const PROMETHEUS = 'text/plain; version=0.0.4; charset=utf-8';
let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A target answering `/metrics` with `status` and `type`; resolves its URL and its count of scrapes. */
async function target(status: number, type: string, body: string) {
  let scrapes = 0;
  server = createServer((req, res) => {
    req.resume();
    scrapes++;
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  return { url, scrapes: () => scrapes };
}

async function scrapeTimes(pipeline: PipelineScraper, times: number) {
  for (let i = 0; i < times; i++) await pipeline.scrape(1_000 * (i + 1));
}

describe('PipelineScraper', () => {
  it('scrapes Prometheus text every time and charts the change between scrapes', async () => {
    let events = 0;
    server = createServer((req, res) => {
      req.resume();
      events += 10;
      res.writeHead(200, { 'content-type': PROMETHEUS }).end(`journeys_events_appended_total ${events}\n`);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const pipeline = new PipelineScraper(() => url);
    await scrapeTimes(pipeline, 3);
    expect(events).toBe(30);
    const state = pipeline.since(0);
    expect(state.error).toBeNull();
    expect(state.time).toHaveLength(2);
  });

  it('stops scraping a target whose /metrics is not Prometheus text: each scrape would be load nobody counts', async () => {
    const json = await target(200, 'application/json', '{"ok":true}');
    const pipeline = new PipelineScraper(() => json.url);
    await scrapeTimes(pipeline, 3);
    expect(json.scrapes()).toBe(1);
    expect(pipeline.since(0).error).toBe(
      `${json.url}: application/json, not Prometheus text: no metrics there; not scraped again (name them with --target-metrics)`,
    );
  });

  it('stops on a 404, but keeps trying after a 503 (a busy target may have metrics)', async () => {
    const missing = await target(404, 'text/plain', 'not found');
    const gone = new PipelineScraper(() => missing.url);
    await scrapeTimes(gone, 3);
    expect(missing.scrapes()).toBe(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const busy = await target(503, 'text/plain', 'over capacity');
    const pipeline = new PipelineScraper(() => busy.url);
    await scrapeTimes(pipeline, 3);
    expect(busy.scrapes()).toBe(3);
    expect(pipeline.since(0).error).toBe(`${busy.url}: HTTP 503`);
  });

  it('keeps scraping a URL named with --target-metrics, showing why it fails', async () => {
    const json = await target(200, 'application/json', '{"ok":true}');
    const pipeline = new PipelineScraper(() => json.url, { keepTrying: true });
    await scrapeTimes(pipeline, 3);
    expect(json.scrapes()).toBe(3);
    expect(pipeline.since(0).error).toBe(`${json.url}: application/json, not Prometheus text`);
  });
});
