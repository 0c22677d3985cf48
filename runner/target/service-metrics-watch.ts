/**
 * What the service's own `/metrics` says about a run, beside the load: the aggregate
 * cache's hit ratio over the run, the most database connections in use at once (scraped
 * once a second) and the peak memory of the process that made its database dump, if one did. A target without these series gives nothing, not an error.
 */
import { type MetricSample, parsePrometheusText, sumOf } from './prometheus-text.ts';

export interface ServiceMetricsSummary {
  /** Aggregate cache hits ÷ lookups during the run; absent when the cache is off (no lookups). */
  cacheHitRatio?: number;
  cacheLookups?: number;
  /** The most event-store calls holding (or waiting for) a pooled connection at one scrape; absent on PGlite (no pool) or when none was seen. */
  peakPoolInUse?: number;
  /**
   * The peak memory of the process that made the service's database dump (a machine's first
   * run), as that process reported it before it ended: no /proc peak of the service holds it.
   */
  dumpMakerPeakRssBytes?: number;
}

export interface ServiceMetricsWatch {
  /** Scrapes once more and summarises from the first scrape to this one; stops the watch. */
  finish(): Promise<ServiceMetricsSummary>;
  /** Stops scraping, without a summary (the service is going). */
  stop(): void;
}

const CACHE = 'journeys_aggregate_cache_lookups_total';
const POOL_IN_USE = 'journeys_db_pool_in_use_connections';
const DUMP_MAKER_PEAK = 'journeys_pglite_dump_maker_peak_resident_memory_bytes';

/** @example const watch = watchServiceMetrics(`${service.url}/metrics`); … const { cacheHitRatio } = await watch.finish(); */
export function watchServiceMetrics(metricsUrl: string, intervalMs = 1_000): ServiceMetricsWatch {
  // A scrape may take longer than the interval on a busy machine; it is given a few seconds.
  const timeoutMs = Math.max(intervalMs, 3_000);
  let first: MetricSample[] | undefined;
  let last: MetricSample[] | undefined;
  let peakPool: number | undefined;
  const scrape = async () => {
    try {
      const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) return;
      const samples = parsePrometheusText(await response.text());
      first ??= samples;
      last = samples;
      if (samples.some((sample) => sample.name === POOL_IN_USE)) {
        peakPool = Math.max(peakPool ?? 0, sumOf(samples, POOL_IN_USE));
      }
    } catch {
      // A scrape that fails (the service busy or gone) leaves the figures as they were.
    }
  };
  const started = scrape();
  const timer = setInterval(scrape, intervalMs);
  timer.unref();
  return {
    async finish() {
      clearInterval(timer);
      await started;
      await scrape();
      const summary: ServiceMetricsSummary = {};
      if (first && last) {
        const hits = sumOf(last, CACHE, { result: 'hit' }) - sumOf(first, CACHE, { result: 'hit' });
        const lookups = sumOf(last, CACHE) - sumOf(first, CACHE);
        if (lookups > 0) Object.assign(summary, { cacheHitRatio: hits / lookups, cacheLookups: lookups });
      }
      // PGlite has no pool: its gauge stays 0, which would read as an idle pool.
      if (peakPool) summary.peakPoolInUse = peakPool;
      const makerPeak = last ? sumOf(last, DUMP_MAKER_PEAK) : 0;
      if (makerPeak > 0) summary.dumpMakerPeakRssBytes = makerPeak;
      return summary;
    },
    stop: () => clearInterval(timer),
  };
}
