/** The Prometheus endpoint over real HTTP on 127.0.0.1:0, read while "the run" goes on. */
import { afterEach, describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { type PrometheusExporter, startPrometheusExporter } from './prometheus.ts';

let exporter: PrometheusExporter | undefined;
afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
});

describe('startPrometheusExporter', () => {
  it('serves live request counts, quantiles, journeys and users, and follows new snapshots', async () => {
    const startedAt = Date.now() - 2000;
    const stats = new RunStats({ startedAt });
    const recorder = new StatsRecorder();
    for (let i = 1; i <= 10; i++) recorder.request('GET', '/items/{id}', i * 10, 100);
    recorder.request('POST', '/orders', 50, 10, 'HTTP 500: boom');
    recorder.journey('Checkout', 300, undefined);
    recorder.journey('Checkout', 100, 'pay');
    stats.merge(recorder.takeSnapshot());
    stats.tick(Date.now(), 4);
    let users = 4;
    exporter = await startPrometheusExporter(0, stats, () => users);
    expect(exporter.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const first = await (await fetch(exporter.url)).text();
    expect(first).toContain('journeys_requests_total{method="GET",name="/items/{id}",result="success"} 10');
    expect(first).toContain('journeys_requests_total{method="POST",name="/orders",result="failure"} 1');
    expect(first).toMatch(
      /journeys_response_time_seconds\{method="GET",name="\/items\/\{id\}",quantile="0.5"\} 0\.05/,
    );
    expect(first).toMatch(
      /journeys_response_time_seconds\{method="",name="Aggregated",quantile="0.99"\} 0\.1/,
    );
    expect(first).toMatch(/journeys_current_response_time_seconds\{quantile="0.95"\} 0\.1/);
    expect(first).toContain('journeys_journeys_total{journey="Checkout",result="interrupted"} 1');
    expect(first).toContain('journeys_users 4');

    recorder.request('GET', '/items/{id}', 10, 100);
    stats.merge(recorder.takeSnapshot());
    users = 6;
    const second = await (await fetch(exporter.url)).text();
    expect(second).toContain('journeys_requests_total{method="GET",name="/items/{id}",result="success"} 11');
    expect(second).toContain('journeys_users 6');
    expect(second).not.toContain('journeys_arrivals_total{');

    // Open model: arrivals started and dropped (k6's dropped_iterations).
    for (let i = 0; i < 3; i++) recorder.arrivalStarted(Math.floor(Date.now() / 1000), 1);
    recorder.arrivalDropped(Math.floor(Date.now() / 1000));
    stats.merge(recorder.takeSnapshot());
    const third = await (await fetch(exporter.url)).text();
    expect(third).toContain('journeys_arrivals_total{result="started"} 3');
    expect(third).toContain('journeys_arrivals_total{result="dropped"} 1');
    expect((await fetch(exporter.url.replace('/metrics', '/'))).status).toBe(404);
  });
});
