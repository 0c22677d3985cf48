/**
 * The web UI's live feed: one JSON message a second with everything the page shows — the
 * statistics table (Locust's columns), the chart points since the page's last message,
 * failures, exceptions, journeys, the current ratio (with the users per class), warnings,
 * thresholds, the log lines since the page's last message and, after a stop, the verdict.
 * Built once a second for every page; only the chart points and the log lines are cut per
 * page.
 *
 * Reset statistics (Locust's) starts the table and counters again, but the charts and the
 * run's elapsed time go on: the history rows from before a reset are carried into the series.
 */
import { arrivalShares, type UserMixEntry, userCountsFor } from '../load-model/user-mix.ts';
import { type ChartSeries, chartSeries } from '../report/report-data.ts';
import type { RunStats } from '../stats/run-stats.ts';
import { buildSummary, type RequestSummary } from '../stats/summary.ts';
import type { HistoryRow } from '../stats/types.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import type { WebController } from './controller.ts';
import { CurrentRates } from './current-rates.ts';
import { type CurrentRatio, currentRatio } from './current-ratio.ts';
import type { LogLine } from './run-log.ts';

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

/** What every page gets this second; `series` and `logs` are cut per page by `sliceFor`. */
export interface FeedMessage {
  state: string;
  epoch: number;
  [part: string]: unknown;
  series: ChartSeries;
  logs: LogLine[];
}

/** What a page has had: this test's chart points, and the log lines up to a number. */
export interface PageSent {
  epoch: number;
  points: number;
  logs: number;
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
  /** This test's statistics object now (a new one after each Reset statistics). */
  #stats: RunStats | undefined;
  /** History rows of this test from before its last Reset statistics. */
  #carried: HistoryRow[] = [];
  /** Epoch ms the test's load began (its first statistics object's start). */
  #startedAt: number | undefined;
  /** The test's user mix, once its load has begun. */
  #mix: readonly UserMixEntry[] | undefined;

  constructor(controller: WebController) {
    this.#controller = controller;
  }

  build(now = Date.now()): FeedMessage {
    const controller = this.#controller;
    const live = controller.live();
    if (controller.epoch !== this.#epoch) {
      this.#epoch = controller.epoch;
      this.#rates.clear();
      this.#stats = undefined;
      this.#carried = [];
      this.#startedAt = undefined;
      this.#mix = undefined;
    }
    // While a test is under way its statistics are the live ones, or before its load none and
    // after it the last seen (its files are being written); the last test's are not its.
    const last = controller.busy() ? undefined : controller.last();
    const stats: RunStats | undefined = live?.stats() ?? (controller.busy() ? this.#stats : last?.stats);
    if (stats && stats !== this.#stats) {
      if (this.#stats) {
        const since = this.#carried.at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY;
        this.#carried.push(...this.#stats.history().filter((row) => row.timestamp > since));
        this.#rates.clear();
      }
      this.#stats = stats;
      this.#startedAt ??= stats.startedAt;
    }
    // The run's clock: from the start of its load, through any Reset statistics.
    const elapsedSeconds = stats
      ? stats.elapsedSeconds() + (stats.startedAt - (this.#startedAt ?? stats.startedAt)) / 1000
      : 0;
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
            elapsedSeconds,
            starting: controller.starting() ?? null,
            loadNow: controller.loadNow(elapsedSeconds),
          }
        : null,
      limit: live?.drive.model.metadata().limit ?? last?.summary.run?.limit ?? null,
      warnings: live ? [...live.warnings] : [],
      // A master's workers: each one's share, state and users (null when not a master).
      workers: controller.options.master?.workers() ?? null,
      logs: controller.log.since(0),
    };
    if (!stats)
      return {
        ...base,
        series: chartSeries([]),
        stats: [],
        failures: [],
        exceptions: [],
        journeys: [],
        ratio: this.#ratio({}),
      };
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
    const fresh = stats.history();
    const since = this.#carried.at(-1)?.timestamp ?? Number.NEGATIVE_INFINITY;
    const history =
      this.#carried.length > 0 ? [...this.#carried, ...fresh.filter((r) => r.timestamp > since)] : fresh;
    return {
      ...base,
      series: chartSeries(history),
      stats: table,
      ratio: this.#ratio(Object.fromEntries(summary.journeys.map((j) => [j.name, j.count]))),
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

  /** The current ratio of the test running (or last run); null before any. */
  #ratio(journeysRun: Record<string, number>): CurrentRatio | null {
    const live = this.#controller.live();
    const config = live?.config ?? this.#controller.config();
    if (!config) return null;
    // The test's own mix (a profile's weights) while it runs and after; the classes' before.
    if (live) this.#mix = live.mix;
    const names = this.#mix ? this.#mix.map((entry) => entry.name) : config.classNames;
    const classes = this.#controller.options.userClasses;
    const picked = names.length > 0 ? classes.filter((c) => names.includes(c.name)) : classes;
    const mix =
      this.#mix ?? picked.map((c) => ({ name: c.name, weight: c.weight, fixedCount: c.fixedCount }));
    const filter = { tags: config.tags, excludeTags: config.excludeTags };
    if (config.arrivals) {
      let shares: { name: string; maxUsers: number }[] | undefined;
      try {
        shares = arrivalShares(config.arrivals.maxUsers, mix);
      } catch {
        shares = undefined; // a max_users too small for the classes: the run refused to start
      }
      return currentRatio({
        model: 'open',
        mix,
        classes: picked,
        filter,
        ...(shares ? { arrivalShares: shares } : {}),
        journeysRun,
      });
    }
    // Configured: the split of the users the test heads for; running: the users of each class now.
    const wanted = live ? userCountsFor(live.drive.targetUsers(), mix) : {};
    const running = live ? live.drive.userCounts() : {};
    return currentRatio({ model: 'closed', mix, classes: picked, filter, wanted, running, journeysRun });
  }

  /** The message for a page that has had `sent`: only the chart points and log lines it has not had. */
  sliceFor(message: FeedMessage, sent: PageSent): FeedMessage & { from: number } {
    const from = sent.epoch === message.epoch ? sent.points : 0;
    const s = message.series;
    const cut = <T>(values: T[]) => values.slice(from);
    return {
      ...message,
      from,
      logs: message.logs.filter((line) => line.seq > sent.logs),
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
