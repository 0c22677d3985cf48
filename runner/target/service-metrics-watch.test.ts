import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheusText, sumOf } from './prometheus-text.ts';
import { watchServiceMetrics } from './service-metrics-watch.ts';

/** A /metrics endpoint whose counters move on each scrape: 10 lookups, 8 of them hits; pool use 2, 5, 3, … */
async function fakeMetrics() {
  let scrapes = 0;
  const pool = [2, 5, 3];
  const server = createServer((_request, response) => {
    const hits = 8 * scrapes;
    const misses = 2 * scrapes;
    const inUse = pool[scrapes % pool.length];
    scrapes += 1;
    response.end(
      [
        '# HELP journeys_aggregate_cache_lookups_total Aggregate cache lookups by result',
        '# TYPE journeys_aggregate_cache_lookups_total counter',
        `journeys_aggregate_cache_lookups_total{result="hit"} ${hits}`,
        `journeys_aggregate_cache_lookups_total{result="miss"} ${misses}`,
        `journeys_db_pool_in_use_connections ${inUse}`,
        `journeys_pglite_dump_maker_peak_resident_memory_bytes ${560 * 2 ** 20}`,
        '',
      ].join('\n'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/metrics`, close: () => new Promise((done) => server.close(done)) };
}

describe('watchServiceMetrics', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it('gives the hit ratio between the first and the last scrape, the peak pool use and the dump maker’s peak', async () => {
    const target = await fakeMetrics();
    close = target.close;
    // At least two scrapes, whatever the machine's speed: the first at once, the last in finish().
    const watch = watchServiceMetrics(target.url, 60_000);
    const summary = await watch.finish();
    expect(summary).toEqual({
      cacheHitRatio: 0.8,
      cacheLookups: 10,
      peakPoolInUse: 5,
      dumpMakerPeakRssBytes: 560 * 2 ** 20,
    });
  });

  it('gives nothing for a target without /metrics', async () => {
    const watch = watchServiceMetrics('http://127.0.0.1:9/metrics', 50);
    expect(await watch.finish()).toEqual({});
  });
});

describe('parsePrometheusText', () => {
  it('reads labels, escapes and values, and sums by label', () => {
    const samples = parsePrometheusText('# c\na{x="1",y="q\\"z"} 2\na{x="2"} 3.5\nb 1e3\n');
    expect(samples).toEqual([
      { name: 'a', labels: { x: '1', y: 'q"z' }, value: 2 },
      { name: 'a', labels: { x: '2' }, value: 3.5 },
      { name: 'b', labels: {}, value: 1000 },
    ]);
    expect(sumOf(samples, 'a')).toBe(5.5);
    expect(sumOf(samples, 'a', { x: '2' })).toBe(3.5);
  });
});
