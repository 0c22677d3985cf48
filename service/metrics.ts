import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { dumpMakerPeakRssBytes } from './eventstore/pglite-template.ts';

/** Outcome of one command, as counted by `journeys_command_duration_seconds`. */
export type CommandOutcome = 'ok' | 'conflict' | 'business_error' | 'not_found' | 'error';

/**
 * Buckets for database and command timings: PGlite appends take a fraction of a millisecond,
 * contended PostgreSQL commands with retries can take a second.
 */
const DB_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The service's Prometheus metrics, each on its own Registry (so several services in one
 * process — tests — never share counters). Names carry their unit (`_seconds`, `_total`).
 * Timers wrap the database work only (see `instrumentStore`), never HTTP parsing.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.appendsTotal.inc({ backend: 'pglite' });
 * const text = await metrics.registry.metrics();
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  const pool = createPoolUse();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'journeys_' });
  const registers = [registry];
  return {
    registry,
    httpRequestsTotal: new Counter({
      name: 'journeys_http_requests_total',
      help: 'HTTP requests by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpRequestDuration: new Histogram({
      name: 'journeys_http_request_duration_seconds',
      help: 'Time from request received to response ready, by method and route pattern',
      labelNames: ['method', 'route'] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    appendDuration: new Histogram({
      name: 'journeys_eventstore_append_duration_seconds',
      help: 'Duration of appendToStream (transaction incl. inline projections), successful or not',
      buckets: DB_BUCKETS,
      registers,
    }),
    readDuration: new Histogram({
      name: 'journeys_eventstore_read_duration_seconds',
      help: 'Duration of event store reads: stream reads, log reads, document queries',
      labelNames: ['kind'] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    appendsTotal: new Counter({
      name: 'journeys_eventstore_appends_total',
      help: 'Successful appends (one per appendToStream call)',
      registers,
    }),
    eventsAppendedTotal: new Counter({
      name: 'journeys_eventstore_events_appended_total',
      help: 'Events written by successful appends, by stream category (the stream id before its first "-": Order, Customer, …)',
      labelNames: ['category'] as const,
      registers,
    }),
    conflictsTotal: new Counter({
      name: 'journeys_eventstore_conflicts_total',
      help: 'Appends refused because the stream was not at the expected version',
      registers,
    }),
    commandRetriesTotal: new Counter({
      name: 'journeys_command_retries_total',
      help: 'Command attempts repeated after a version conflict',
      labelNames: ['command'] as const,
      registers,
    }),
    commandDuration: new Histogram({
      name: 'journeys_command_duration_seconds',
      help: 'Whole command (load, decide, append, retries and their back-off) by command and outcome',
      labelNames: ['command', 'outcome'] as const,
      buckets: DB_BUCKETS,
      registers,
    }),
    projectionLag: new Gauge({
      name: 'journeys_projection_lag_events',
      help: 'Events in the log a subscriber has not processed yet (sampled at scrape time)',
      labelNames: ['subscriber'] as const,
      registers,
    }),
    /** Connections of the store's pool, counted by `countCallsInFlight` (store-metrics.ts). */
    pool,
    dbPoolSize: poolGauge(
      'journeys_db_pool_max_connections',
      'Connections the store may open (PostgreSQL pool size; 1 for PGlite)',
      registers,
      () => pool.size,
    ),
    dbPoolInUse: poolGauge(
      'journeys_db_pool_in_use_connections',
      'Connections busy: a store call running on one, or held by a subscriber lock',
      registers,
      () => pool.inUse(),
    ),
    dbPoolIdle: poolGauge(
      'journeys_db_pool_idle_connections',
      'Connections of the pool free for the next call (max − in use)',
      registers,
      () => pool.size - pool.inUse(),
    ),
    dbPoolWaiting: poolGauge(
      'journeys_db_pool_waiting_calls',
      'Store calls queued for a connection because all are in use',
      registers,
      () => pool.waiting(),
    ),
    dbPoolPeakInUse: poolGauge(
      'journeys_db_pool_in_use_peak_connections',
      'Most connections in use at once since start (or the last admin reset)',
      registers,
      () => pool.peakInUse,
    ),
    dbPoolPeakWaiting: poolGauge(
      'journeys_db_pool_waiting_peak_calls',
      'Most calls waiting at once since start (or the last admin reset)',
      registers,
      () => pool.peakWaiting,
    ),
    dumpMakerPeakMemory: poolGauge(
      'journeys_pglite_dump_maker_peak_resident_memory_bytes',
      "Peak resident memory of the short-lived process that made the migrated database's dump for this process (a machine's first run); 0 when the dump was there already",
      registers,
      () => dumpMakerPeakRssBytes() ?? 0,
    ),
    sagaBacklog: new Gauge({
      name: 'journeys_saga_backlog_events',
      help: 'Events a process manager reacts to and has not processed yet (sampled at scrape time)',
      labelNames: ['subscriber'] as const,
      registers,
    }),
    aggregateCacheTotal: new Counter({
      name: 'journeys_aggregate_cache_lookups_total',
      help: 'Aggregate cache lookups by result (hit or miss)',
      labelNames: ['result'] as const,
      registers,
    }),
    snapshotsTotal: new Counter({
      name: 'journeys_snapshot_operations_total',
      help: 'Aggregate snapshots loaded (hit), not found (miss) or written (save)',
      labelNames: ['result'] as const,
      registers,
    }),
    businessEventsTotal: new Counter({
      name: 'journeys_domain_events_total',
      help: 'Domain events recorded by event type (business view: orders placed, payments failed, …)',
      labelNames: ['type'] as const,
      registers,
    }),
  };
}

export type ServiceMetrics = ReturnType<typeof createMetrics>;

/**
 * The pool as seen from our side (postgres.js has no pool statistics): `calls` store calls
 * in flight, each needing one connection, plus `locks` connections a subscriber keeps
 * reserved for its advisory lock. Peaks are kept exactly, on every change, since a scrape
 * every few seconds would miss them.
 */
export interface PoolUse {
  size: number;
  calls: number;
  locks: number;
  peakInUse: number;
  peakWaiting: number;
  inUse(): number;
  waiting(): number;
  /** Call after `calls` or `locks` changed. */
  changed(): void;
  resetPeaks(): void;
}

function createPoolUse(): PoolUse {
  const pool: PoolUse = {
    size: 0,
    calls: 0,
    locks: 0,
    peakInUse: 0,
    peakWaiting: 0,
    inUse: () => Math.min(pool.size, pool.calls + pool.locks),
    waiting: () => Math.max(0, pool.calls + pool.locks - pool.size),
    changed: () => {
      pool.peakInUse = Math.max(pool.peakInUse, pool.inUse());
      pool.peakWaiting = Math.max(pool.peakWaiting, pool.waiting());
    },
    resetPeaks: () => {
      pool.peakInUse = pool.inUse();
      pool.peakWaiting = pool.waiting();
    },
  };
  return pool;
}

/** A gauge whose value is read at scrape time (so a registry reset cannot unbalance it): the pool's, the dump maker's. */
function poolGauge(name: string, help: string, registers: Registry[], read: () => number): Gauge {
  return new Gauge({
    name,
    help,
    registers,
    collect() {
      this.set(read());
    },
  });
}
