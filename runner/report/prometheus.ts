/**
 * `--prometheus-port N`: the run's merged statistics as Prometheus metrics on
 * http://127.0.0.1:N/metrics while it runs (loopback only: a load generator is no public
 * service). Values are read from the live `RunStats` at each scrape, in their own Registry.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import { RunnerError } from '../errors.ts';
import type { RunStats } from '../stats/run-stats.ts';
import { PERCENTILES } from '../stats/types.ts';

export interface PrometheusExporter {
  url: string;
  close(): Promise<void>;
}

const QUANTILES = [0.5, 0.95, 0.99] as const;

/** The metrics, filled from `stats` on every scrape. */
export function statsRegistry(stats: RunStats, users: () => number): Registry {
  const registry = new Registry();
  new Counter({
    name: 'journeys_requests_total',
    help: 'Requests recorded so far, by method, name and result (success or failure)',
    labelNames: ['method', 'name', 'result'],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of stats.endpoints()) {
        this.inc({ method: e.method, name: e.name, result: 'success' }, e.count - e.failures);
        this.inc({ method: e.method, name: e.name, result: 'failure' }, e.failures);
      }
    },
  });
  new Gauge({
    name: 'journeys_response_time_seconds',
    help: 'Whole-run response-time quantiles by method and name (name "Aggregated": every request)',
    labelNames: ['method', 'name', 'quantile'],
    registers: [registry],
    collect() {
      this.reset();
      for (const e of [...stats.endpoints(), stats.aggregated()]) {
        const values = e.percentiles(QUANTILES.map((q) => q * 100));
        QUANTILES.forEach((q, i) => {
          if (values[i] !== undefined)
            this.set({ method: e.method, name: e.name, quantile: String(q) }, values[i]! / 1000);
        });
      }
    },
  });
  new Gauge({
    name: 'journeys_current_response_time_seconds',
    help: 'Response-time quantiles of every request over the last 10 s (the history row of the last second)',
    labelNames: ['quantile'],
    registers: [registry],
    collect() {
      this.reset();
      const row = lastAggregatedRow(stats);
      QUANTILES.forEach((q) => {
        const value = row?.percentiles[PERCENTILES.indexOf((q * 100) as 50 | 95 | 99)];
        if (value !== null && value !== undefined) this.set({ quantile: String(q) }, value / 1000);
      });
    },
  });
  new Gauge({
    name: 'journeys_current_requests_per_second',
    help: 'Requests per second over the last 10 s',
    registers: [registry],
    collect() {
      this.set(lastAggregatedRow(stats)?.requestsPerSecond ?? 0);
    },
  });
  new Counter({
    name: 'journeys_journeys_total',
    help: 'Journeys ended so far, by journey and result (completed or interrupted)',
    labelNames: ['journey', 'result'],
    registers: [registry],
    collect() {
      this.reset();
      for (const j of stats.journeys()) {
        this.inc({ journey: j.name, result: 'completed' }, j.completed);
        this.inc({ journey: j.name, result: 'interrupted' }, j.interrupts);
      }
    },
  });
  new Counter({
    name: 'journeys_arrivals_total',
    help: 'Open model: arrivals so far, by result (started, or dropped for want of a free user; k6 dropped_iterations)',
    labelNames: ['result'],
    registers: [registry],
    collect() {
      this.reset();
      const arrivals = stats.arrivals();
      if (arrivals === undefined) return;
      this.inc({ result: 'started' }, arrivals.started);
      this.inc({ result: 'dropped' }, arrivals.dropped);
    },
  });
  new Gauge({
    name: 'journeys_users',
    help: 'Users running now (open model: users running a journey)',
    registers: [registry],
    collect() {
      this.set(users());
    },
  });
  return registry;
}

function lastAggregatedRow(stats: RunStats) {
  const history = stats.history();
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].method === '' && history[i].name === 'Aggregated') return history[i];
  }
  return undefined;
}

/**
 * @example
 * const exporter = await startPrometheusExporter(9646, stats, () => pool.runningUsers());
 * // … run …
 * await exporter.close();
 */
export async function startPrometheusExporter(
  port: number,
  stats: RunStats,
  users: () => number,
): Promise<PrometheusExporter> {
  const registry = statsRegistry(stats, users);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('try /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RunnerError(
          `cannot serve Prometheus metrics on 127.0.0.1:${port}: ${error.code ?? error.message}`,
          {
            code: 'PROMETHEUS_PORT',
            where: '--prometheus-port',
            hint: 'choose a free port',
          },
        ),
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
