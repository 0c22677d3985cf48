/**
 * The pipeline tab's source: scrapes the target's Prometheus text once a second while the
 * web UI is up and keeps one point per scrape (the last hour), each chart's lines aligned
 * with the time column, so a page can be sent only what it has not seen.
 *
 * The target's `/metrics` is a guess (ours has it; `--target-metrics` names another). A
 * target that answers it with 404 or with something other than text is not scraped again:
 * each scrape is a request the load test's statistics do not count, and on a target at its
 * capacity it takes a user's place.
 */

import { type MetricSample, parsePrometheusText } from '../target/prometheus-text.ts';
import { PIPELINE_CHARTS, type PipelineChart, pipelineLines } from './pipeline-lines.ts';

/** Points kept: an hour at one a second. */
const MOST_POINTS = 3600;
// Longer than the tick: a busy target answers late, and a scrape in flight skips the next tick.
const SCRAPE_TIMEOUT_MS = 2_500;
/** Content types of Prometheus' text format and of OpenMetrics; a target that sends none is given the benefit. */
const METRICS_TYPE = /^\s*(text\/plain|application\/openmetrics-text)\s*(;|$)/i;

export interface PipelineState {
  /** The URL scraped, or null when there is none yet (the embedded service not started). */
  url: string | null;
  /** Why the last scrape failed, in a few words. */
  error: string | null;
  charts: readonly PipelineChart[];
  /** Index of the first point in `time` (points before it were sent, or dropped). */
  from: number;
  time: number[];
  /** Chart id → line label → values aligned with `time`. */
  lines: Record<string, Record<string, (number | null)[]>>;
}

/**
 * @example
 * const pipeline = new PipelineScraper(() => 'http://127.0.0.1:8000/metrics');
 * setInterval(() => pipeline.scrape(), 1000);
 * pipeline.since(0).lines['pipeline-conflicts'];
 */
export class PipelineScraper {
  readonly #url: () => string | undefined;
  #previous: { at: number; samples: MetricSample[]; url: string } | undefined;
  #error: string | null = null;
  #dropped = 0;
  readonly #time: number[] = [];
  readonly #lines: Record<string, Record<string, (number | null)[]>> = {};
  #scraping = false;
  readonly #keepTrying: boolean;
  /** The URL found to serve no metrics: not scraped again (a new target's URL is). */
  #noMetricsAt: string | undefined;

  /**
   * `url` is asked on each scrape: the embedded service's address is known only once it runs.
   * `keepTrying`: the URL was named (`--target-metrics`), so a 404 or another content type is
   * an error shown each second, not a reason to stop.
   */
  constructor(url: () => string | undefined, options: { keepTrying?: boolean } = {}) {
    this.#url = url;
    this.#keepTrying = options.keepTrying ?? false;
  }

  async scrape(now = Date.now()): Promise<void> {
    const url = this.#url();
    if (url === undefined || this.#scraping || url === this.#noMetricsAt) return;
    this.#scraping = true;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
      const text = await response.text();
      const type = response.headers.get('content-type');
      const none =
        response.status === 404 || response.status === 410
          ? `HTTP ${response.status}`
          : response.ok && type !== null && !METRICS_TYPE.test(type)
            ? `${type.split(';')[0]}, not Prometheus text`
            : undefined;
      if (none !== undefined && !this.#keepTrying) {
        this.#noMetricsAt = url;
        throw new Error(`${none}: no metrics there; not scraped again (name them with --target-metrics)`);
      }
      if (none !== undefined) throw new Error(none);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const samples = parsePrometheusText(text);
      const previous = this.#previous;
      this.#previous = { at: now, samples, url };
      this.#error = null;
      if (previous && previous.url === url)
        this.#add(now, pipelineLines(previous.samples, samples, (now - previous.at) / 1000));
    } catch (error) {
      this.#error = `${url}: ${(error as Error).message}`;
      this.#previous = undefined;
    } finally {
      this.#scraping = false;
    }
  }

  /** Everything from point `from` on (counted from the first point ever kept). */
  since(from: number): PipelineState {
    const start = Math.max(0, from - this.#dropped);
    const lines: PipelineState['lines'] = {};
    for (const [chart, byLabel] of Object.entries(this.#lines)) {
      lines[chart] = Object.fromEntries(
        Object.entries(byLabel).map(([label, values]) => [label, values.slice(start)]),
      );
    }
    return {
      url: this.#url() ?? null,
      error: this.#error,
      charts: PIPELINE_CHARTS,
      from: start + this.#dropped,
      time: this.#time.slice(start),
      lines,
    };
  }

  /** Points kept so far, counted from the first ever (a page's next `from`). */
  get points(): number {
    return this.#dropped + this.#time.length;
  }

  #add(now: number, values: Record<string, Record<string, number | null>>): void {
    const index = this.#time.length;
    this.#time.push(Math.round(now / 1000));
    for (const [chart, byLabel] of Object.entries(values)) {
      this.#lines[chart] ??= {};
      const lines = this.#lines[chart];
      for (const [label, value] of Object.entries(byLabel)) {
        // A line that appears later is empty (null) before it: every line stays aligned with `time`.
        lines[label] ??= new Array<number | null>(index).fill(null);
        lines[label].push(value);
      }
    }
    for (const byLabel of Object.values(this.#lines))
      for (const line of Object.values(byLabel)) while (line.length < this.#time.length) line.push(null);
    if (this.#time.length > MOST_POINTS) {
      this.#time.shift();
      for (const byLabel of Object.values(this.#lines))
        for (const line of Object.values(byLabel)) line.shift();
      this.#dropped++;
    }
  }
}
