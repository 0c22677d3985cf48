/**
 * The pipeline tab's source: scrapes the target's Prometheus text once a second while the
 * web UI is up and keeps one point per scrape (the last hour), each chart's lines aligned
 * with the time column, so a page can be sent only what it has not seen.
 */

import { type MetricSample, parsePrometheusText } from '../target/prometheus-text.ts';
import { PIPELINE_CHARTS, type PipelineChart, pipelineLines } from './pipeline-lines.ts';

/** Points kept: an hour at one a second. */
const MOST_POINTS = 3600;
// Longer than the tick: a busy target answers late, and a scrape in flight skips the next tick.
const SCRAPE_TIMEOUT_MS = 2_500;

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

  /** `url` is asked on each scrape: the embedded service's address is known only once it runs. */
  constructor(url: () => string | undefined) {
    this.#url = url;
  }

  async scrape(now = Date.now()): Promise<void> {
    const url = this.#url();
    if (url === undefined || this.#scraping) return;
    this.#scraping = true;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) });
      const text = await response.text();
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
