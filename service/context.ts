import { nonNegativeInteger, type SnapshotStore } from './eventstore/snapshots.ts';
import type { DocumentReader, EventStore, EventStoreReader, JsonObject } from './eventstore/types.ts';
import type { ServiceMetrics } from './metrics.ts';
import { meterDocuments } from './store-metrics.ts';

/**
 * Settings of the service, read once from the environment (names as in the issue).
 * Defaults are chosen for a contended PostgreSQL: 5 retries after the first attempt with
 * full-jitter back-off capped at 200 ms keeps a flash-sale stampede of 50 users mostly
 * succeeding while a hopeless command gives up in well under a second.
 */
export interface ServiceConfig {
  /** Retries after the first attempt on ExpectedVersionConflict (0 = no retry). Env MAX_RETRIES, default 5. */
  maxRetries: number;
  /** Base of the exponential back-off. Env RETRY_BASE_DELAY_MS, default 5. */
  retryBaseDelayMs: number;
  /** Cap of one back-off delay. Env RETRY_MAX_DELAY_MS, default 200. */
  retryMaxDelayMs: number;
  /** LRU aggregate cache entries (0 = off). Env AGGREGATE_CACHE_SIZE, default 0. */
  aggregateCacheSize: number;
  /** Save a snapshot every N events of a stream (0 = off). Env SNAPSHOT_EVERY, default 0. */
  snapshotEvery: number;
  /** Largest accepted request body. Env BODY_LIMIT_BYTES, default 1 MiB. */
  bodyLimitBytes: number;
  /** Value of X-Gateway-Signature that webhooks must carry. Env WEBHOOK_SIGNATURE, default "test-signature". */
  webhookSignature: string;
  /** PostgreSQL: longest wait for a pooled connection, and for a statement's answer, then 503. Env DATABASE_WAIT_MS, default 1500. */
  databaseWaitMs: number;
  /** PostgreSQL: statement_timeout of every connection (0 = none). Env DATABASE_STATEMENT_TIMEOUT_MS, default 5000. */
  statementTimeoutMs: number;
  /** Time to receive a request's headers, then 408 and close. Env HEADERS_TIMEOUT_MS, default 10000. */
  headersTimeoutMs: number;
  /** Time to receive a whole request (headers and body), then 408 and close. Env REQUEST_TIMEOUT_MS, default 30000. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. Env KEEP_ALIVE_TIMEOUT_MS, default 65000. */
  keepAliveTimeoutMs: number;
  /**
   * Bearer token of the admin routes (`POST /admin/reset`). Env ADMIN_TOKEN; unset or empty =
   * no admin routes at all (404), which is the default.
   */
  adminToken?: string;
}

/** A subscriber (process manager, async projection) as /health and /metrics see it. */
export interface RunningSubscriber {
  lag(): Promise<number>;
  /** Events it reacts to and has not processed yet (the saga's backlog); lag counts every type. */
  backlog?(): Promise<number>;
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/** An aggregate state as of a stream version (what the cache and snapshots hold). */
export interface AggregateEntry<S = unknown> {
  state: S;
  version: number;
}

/** The event store's LRU (service/eventstore/aggregate-cache.ts) as the command handler uses it. */
export interface AggregateCache {
  get(streamId: string): AggregateEntry | undefined;
  set(streamId: string, entry: AggregateEntry): void;
  delete(streamId: string): void;
  /** Drops every entry (a reset: the streams they describe are gone). */
  clear(): void;
}

/** Structured logger; one JSON line per entry on stderr by default. */
export type Log = (level: 'info' | 'warn' | 'error', message: string, fields?: JsonObject) => void;

/**
 * Everything a route, command handler or subscriber needs, built once per service.
 *
 * @example
 * const ctx = createServiceContext({ store, metrics: createMetrics() });
 * await handleCommand(ctx, customerDecider, `Customer-${id}`, command);
 */
export interface ServiceContext {
  /** The primary store, opened with `storeObserver(metrics)` so its database work is timed. */
  store: EventStore;
  /** Queries go here: a read replica when DATABASE_READ_URL is set, else the primary. */
  readStore: EventStoreReader & { documents: DocumentReader };
  metrics: ServiceMetrics;
  config: ServiceConfig;
  /** LRU of aggregate states (AGGREGATE_CACHE_SIZE > 0). */
  cache: AggregateCache | undefined;
  /** Snapshot rows (SNAPSHOT_EVERY > 0). */
  snapshots: SnapshotStore | undefined;
  /** Subscribers started by the server, by name (reported by /health and the lag gauge). */
  subscribers: Map<string, RunningSubscriber>;
  log: Log;
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return env[name] === undefined || env[name] === '' ? fallback : nonNegativeInteger(env[name], name);
}

/** Reads ServiceConfig from the environment; invalid numbers fail start-up with a clear message. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    maxRetries: intFromEnv(env, 'MAX_RETRIES', 5),
    retryBaseDelayMs: intFromEnv(env, 'RETRY_BASE_DELAY_MS', 5),
    retryMaxDelayMs: intFromEnv(env, 'RETRY_MAX_DELAY_MS', 200),
    aggregateCacheSize: intFromEnv(env, 'AGGREGATE_CACHE_SIZE', 0),
    snapshotEvery: intFromEnv(env, 'SNAPSHOT_EVERY', 0),
    bodyLimitBytes: intFromEnv(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    webhookSignature: env.WEBHOOK_SIGNATURE ?? 'test-signature',
    databaseWaitMs: intFromEnv(env, 'DATABASE_WAIT_MS', 1500),
    statementTimeoutMs: intFromEnv(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 5000),
    headersTimeoutMs: intFromEnv(env, 'HEADERS_TIMEOUT_MS', 10_000),
    requestTimeoutMs: intFromEnv(env, 'REQUEST_TIMEOUT_MS', 30_000),
    keepAliveTimeoutMs: intFromEnv(env, 'KEEP_ALIVE_TIMEOUT_MS', 65_000),
    adminToken: env.ADMIN_TOKEN || undefined,
  };
}

export const jsonLog: Log = (level, message, fields) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
};

/**
 * Builds the context around an open store. Document queries of the read store are timed here
 * (the store's observer times event reads and appends).
 */
export function createServiceContext(options: {
  store: EventStore;
  metrics: ServiceMetrics;
  config?: ServiceConfig;
  readStore?: EventStoreReader & { documents: DocumentReader };
  cache?: AggregateCache;
  snapshots?: SnapshotStore;
  log?: Log;
}): ServiceContext {
  const { store, metrics } = options;
  const reader = options.readStore ?? store;
  return {
    store,
    readStore: {
      readStream: (streamId, o) => reader.readStream(streamId, o),
      readAll: (o) => reader.readAll(o),
      documents: meterDocuments(reader.documents, metrics),
    },
    metrics,
    config: options.config ?? configFromEnv(),
    cache: options.cache,
    snapshots: options.snapshots,
    subscribers: new Map(),
    log: options.log ?? jsonLog,
  };
}
