/**
 * The web UI's live feed: one JSON message a second with everything the page shows — the
 * statistics table (Locust's columns), the chart points since the page's last message,
 * failures, exceptions, journeys, the user mix, warnings, thresholds and, after a stop,
 * the verdict. Built once a second for every page; only the chart slice is per page.
 */
import { type ChartSeries, chartSeries } from '../report/report-data.ts';
import { evaluateThresholds } from '../report/threshold-evaluation.ts';
import type { RunStats } from '../stats/run-stats.ts';
import { buildSummary, type RequestSummary } from '../stats/summary.ts';
import type { WebController } from './controller.ts';
import { CurrentRates } from './current-rates.ts';

/** Rows of failures and exceptions sent: the page is for reading, the CSV has them all. */
const MOST_ROWS = 50;

export interface FeedRow {
  method: string;
  name: string;
  requests: number;
  fails: number;
  median: number;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  avg: number;
  min: number;
  max: number;
  avgContentSize: number;
  rps: number;
  failuresPerSecond: number;
}

/** What every page gets this second; `series` is cut per page by `sliceFor`. */
export interface FeedMessage {
  state: string;
  epoch: number;
  [part: string]: unknown;
  series: ChartSeries;
}

/**
 * @example
 * const feed = new LiveFeed(controller);
 * setInterval(() => { const message = feed.build(); for (const page of pages) page.send(feed.sliceFor(message, page)); }, 1000);
 */
export class LiveFeed {
  readonly #controller: WebController;
  readonly #rates = new CurrentRates();
  #epoch = -1;

  constructor(controller: WebController) {
    this.#controller = controller;
  }

  build(now = Date.now()): FeedMessage {
    const controller = this.#controller;
    const live = controller.live();
    const last = controller.last();
    const stats: RunStats | undefined = live?.stats() ?? last?.stats;
    if (controller.epoch !== this.#epoch) {
      this.#epoch = controller.epoch;
      this.#rates.clear();
    }
    const config = controller.config();
    const base = {
      state: controller.state(),
      epoch: controller.epoch,
      error: controller.lastError() ?? null,
      run: config
        ? {
            profile: config.profileName,
            host: live?.host ?? last?.summary.run?.host ?? config.host ?? '',
            model: live?.drive.model.kind ?? last?.summary.run?.loadModel ?? null,
            users: live ? live.runningUsers() : 0,
            targetUsers: live ? live.drive.targetUsers() : 0,
            spawnRate: config.spawnRate,
            durationSeconds: config.durationSeconds ?? null,
            elapsedSeconds: stats ? stats.elapsedSeconds() : 0,
          }
        : null,
      // Users per class while the model runs users; null each while it only sends arrivals.
      mix: live
        ? live.drive.usersSpawned() === undefined
          ? Object.fromEntries(live.mix.map((entry) => [entry.name, null]))
          : { ...live.drive.userCounts() }
        : {},
      limit: live?.drive.model.metadata().limit ?? last?.summary.run?.limit ?? null,
      warnings: live ? [...live.warnings] : [],
    };
    if (!stats)
      return { ...base, series: chartSeries([]), stats: [], failures: [], exceptions: [], journeys: [] };
    const summary = buildSummary(stats);
    const rows = [
      ...summary.endpoints.map((e) => ({
        key: `${e.method} ${e.name}`,
        row: e,
        method: e.method,
        name: e.name,
      })),
      { key: ' Aggregated', row: summary.totals as RequestSummary, method: '', name: 'Aggregated' },
    ];
    if (live)
      this.#rates.sample(
        now,
        rows.map(({ key, row }) => ({ key, requests: row.requests, failures: row.failures })),
      );
    const current = stats.history().at(-1);
    const table: FeedRow[] = rows.map(({ key, row, method, name }) => {
      const rates =
        key === ' Aggregated' && current
          ? { rps: current.requestsPerSecond, failuresPerSecond: current.failuresPerSecond }
          : live
            ? this.#rates.of(key)
            : { rps: row.rps, failuresPerSecond: row.failuresPerSecond };
      return {
        method,
        name,
        requests: row.requests,
        fails: row.failures,
        median: row.medianMs,
        p90: row.percentiles.p90 ?? null,
        p95: row.percentiles.p95 ?? null,
        p99: row.percentiles.p99 ?? null,
        avg: row.avgMs,
        min: row.minMs,
        max: row.maxMs,
        avgContentSize: row.avgContentSize,
        ...rates,
      };
    });
    return {
      ...base,
      series: chartSeries(stats.history()),
      stats: table,
      failures: summary.failures.slice(0, MOST_ROWS),
      exceptions: summary.exceptions.slice(0, MOST_ROWS),
      journeys: summary.journeys.map((j) => ({
        name: j.name,
        count: j.count,
        completed: j.completed,
        interrupts: j.interrupts,
        median: j.medianMs,
        p95: j.percentiles.p95 ?? null,
        p99: j.percentiles.p99 ?? null,
        max: j.maxMs,
        outcomes: j.outcomes,
        topInterruptStep: j.topInterruptStep,
      })),
      thresholds: live
        ? evaluateThresholds(live.config.thresholds, stats).map((t) => ({
            expression: t.expression,
            actual: t.actual ?? null,
            unit: t.unit,
            pass: t.pass,
            reason: t.reason ?? null,
          }))
        : (last?.summary.thresholds ?? []),
      verdict:
        !live && last
          ? {
              exitCode: last.summary.exitCode ?? null,
              stoppedBy: last.summary.run?.stoppedBy ?? null,
              invariants: last.summary.invariants ?? [],
              thresholds: last.summary.thresholds ?? [],
              selfCheck: last.summary.selfCheck ?? null,
              prefix: last.prefix,
            }
          : null,
    };
  }

  /** The message for a page that has `sent` chart points of this epoch already: only the new ones. */
  sliceFor(message: FeedMessage, sent: { epoch: number; points: number }): FeedMessage & { from: number } {
    const from = sent.epoch === message.epoch ? sent.points : 0;
    const s = message.series;
    const cut = <T>(values: T[]) => values.slice(from);
    return {
      ...message,
      from,
      series: {
        ...s,
        time: cut(s.time),
        users: cut(s.users),
        rps: cut(s.rps),
        failuresPerSecond: cut(s.failuresPerSecond),
        p50: cut(s.p50),
        p95: cut(s.p95),
        p99: cut(s.p99),
        ...(s.endpointP95
          ? { endpointP95: s.endpointP95.map((line) => ({ ...line, values: cut(line.values) })) }
          : {}),
      },
    };
  }
}
