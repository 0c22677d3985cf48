/**
 * Locust's "Current RPS" and "Current Failures/s" per request name: the change of each
 * row's counts over the last few seconds, sampled once a second by the live feed (the
 * statistics keep a sliding window for the Aggregated row only, unless --csv-full-history).
 */
import { CURRENT_WINDOW_SECONDS } from '../stats/recent-window.ts';

interface Sample {
  at: number;
  counts: Map<string, { requests: number; failures: number }>;
}

/**
 * @example
 * const rates = new CurrentRates();
 * rates.sample(Date.now(), [{ key: 'GET /', requests: 10, failures: 0 }]);
 * rates.of('GET /'); // { rps, failuresPerSecond }
 */
export class CurrentRates {
  #samples: Sample[] = [];

  /** Adds the counts now; a count lower than before (Reset statistics) starts afresh. */
  sample(at: number, rows: readonly { key: string; requests: number; failures: number }[]): void {
    const counts = new Map(rows.map((row) => [row.key, { requests: row.requests, failures: row.failures }]));
    const previous = this.#samples.at(-1);
    if (previous && [...counts].some(([key, c]) => c.requests < (previous.counts.get(key)?.requests ?? 0))) {
      this.#samples = [];
    }
    this.#samples.push({ at, counts });
    while (this.#samples.length > CURRENT_WINDOW_SECONDS + 1) this.#samples.shift();
  }

  clear(): void {
    this.#samples = [];
  }

  of(key: string): { rps: number; failuresPerSecond: number } {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at <= first.at) return { rps: 0, failuresPerSecond: 0 };
    const seconds = (last.at - first.at) / 1000;
    const now = last.counts.get(key);
    const then = first.counts.get(key) ?? { requests: 0, failures: 0 };
    if (!now) return { rps: 0, failuresPerSecond: 0 };
    return {
      rps: round((now.requests - then.requests) / seconds),
      failuresPerSecond: round((now.failures - then.failures) / seconds),
    };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
