import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { allProjections, createApp, processes } from './app.ts';
import { type ClusterMessage, isClusterMessage, startClusterPrimary, workersFromEnv } from './cluster.ts';
import {
  configFromEnv,
  createServiceContext,
  jsonLog,
  type Log,
  type ServiceConfig,
  type ServiceContext,
} from './context.ts';
import {
  createAggregateCache,
  getPGliteEventStore,
  getPostgresEventStore,
  getReadOnlyEventStore,
  snapshotStoreOf,
} from './eventstore/index.ts';
import type { StoreOptions } from './eventstore/options.ts';
import type { EventStore } from './eventstore/types.ts';
import { serverTimeouts } from './http/server-timeouts.ts';
import { createMetrics } from './metrics.ts';
import { countCallsInFlight, storeObserver } from './store-metrics.ts';

export interface StartServiceOptions {
  /** 0 = ephemeral (the default here; the CLI defaults to 8000). */
  port?: number;
  /** Interface to bind. Default 127.0.0.1 (HOST env in the CLI, e.g. 0.0.0.0 in a container). */
  host?: string;
  /** PGlite data directory; `memory://` = in-memory. Ignored when databaseUrl or openStore is given. */
  dataDir?: string;
  /** PostgreSQL URL (postgres.js); wins over dataDir. */
  databaseUrl?: string;
  /** PostgreSQL schema for the tables (tests use a fresh one each). */
  databaseSchema?: string;
  /** A read replica for queries (DATABASE_READ_URL). */
  databaseReadUrl?: string;
  /**
   * Opens the store with the projections and metrics observer the service needs; for tests
   * (`memoryBackend().open`, `postgresBackend().open` from testing/test-backends.ts).
   */
  openStore?: (options: StoreOptions) => Promise<EventStore>;
  config?: ServiceConfig;
  log?: Log;
  /** Node process metrics (CPU, heap, event loop) on /metrics. Default false (true in the CLI). */
  defaultMetrics?: boolean;
}

export interface RunningService {
  url: string;
  port: number;
  ctx: ServiceContext;
  /** Stops subscribers, closes the HTTP server (finishing requests in flight) and the store. */
  close(): Promise<void>;
}

async function openStore(
  options: StartServiceOptions,
  config: ServiceConfig,
  storeOptions: StoreOptions,
): Promise<EventStore> {
  if (options.openStore) return options.openStore(storeOptions);
  if (options.databaseUrl) {
    return getPostgresEventStore({
      url: options.databaseUrl,
      schema: options.databaseSchema,
      connectionWaitMs: config.databaseWaitMs,
      statementTimeoutMs: config.statementTimeoutMs,
      ...storeOptions,
    });
  }
  return getPGliteEventStore({ dataDir: options.dataDir ?? '.data/', ...storeOptions });
}

/**
 * Starts the whole service in this process: store (with every domain's inline projections
 * and the metrics observer), context, HTTP server, then the process managers.
 *
 * @example
 * const service = await startService({ dataDir: 'memory://' });
 * await fetch(`${service.url}/health`);
 * await service.close();
 */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const config = options.config ?? configFromEnv();
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  const opened = await openStore(options, config, {
    projections: allProjections(),
    observer: storeObserver(metrics),
  });
  const store = countCallsInFlight(opened, metrics);
  const readStore = options.databaseReadUrl
    ? await getReadOnlyEventStore({
        primary: store,
        env: { DATABASE_READ_URL: options.databaseReadUrl, DATABASE_SCHEMA: options.databaseSchema },
      })
    : undefined;
  const ctx = createServiceContext({
    store,
    readStore,
    metrics,
    config,
    cache: config.aggregateCacheSize > 0 ? createAggregateCache(config.aggregateCacheSize) : undefined,
    snapshots: config.snapshotEvery > 0 ? snapshotStoreOf(store) : undefined,
    log: options.log,
  });
  const app = createApp(ctx);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host, serverOptions: serverTimeouts(config) },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  for (const process of processes) ctx.subscribers.set(process.name, process.start(ctx));

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled([...ctx.subscribers.values()].map((s) => s.stop()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open: idle ones go now, busy ones after their response.
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      });
      await readStore?.close();
      await store.close();
    })();
    return closing;
  };
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { url: `http://${urlHost}:${port}`, port, ctx, close };
}

function portFromEnv(text: string | undefined): number {
  if (text === undefined || text === '') return 8000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0–65535, got "${text}"`);
  return port;
}

function cannotStart(error: unknown): never {
  process.stderr.write(`journeys-service: cannot start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}

/**
 * `JOURNEYS_EXIT_WITH_PARENT=1` (set by the runner for its embedded service, with a stdin
 * pipe): stop when stdin closes. The kernel closes that pipe however the parent ends, even on
 * SIGKILL, which no handler of the parent can catch.
 */
function stopWhenStdinCloses(stop: (reason: string) => void): void {
  process.stdin.once('close', () => stop('stdin closed (parent gone)'));
  process.stdin.on('error', () => undefined); // a reset pipe also ends in 'close'
  process.stdin.resume(); // read (and drop) to see the end
}

/**
 * `npm run service`: the start contract of docs/architecture.md (one stdout line once ready, graceful
 * stop). `WORKERS=n` (n > 1, PostgreSQL only) makes this process a cluster primary instead,
 * see cluster.ts; each worker then runs the service and reports to it.
 */
async function main(): Promise<void> {
  const env = process.env;
  const exitWithParent = env.JOURNEYS_EXIT_WITH_PARENT === '1' && !cluster.isWorker;
  let workers = 1;
  try {
    if (!cluster.isWorker) workers = workersFromEnv(env);
  } catch (error) {
    cannotStart(error);
  }
  if (workers > 1) {
    const primary = startClusterPrimary({
      workers,
      onReady: (url) => process.stdout.write(`journeys-service listening on ${url}\n`),
    });
    process.on('SIGTERM', () => primary.stop('SIGTERM'));
    process.on('SIGINT', () => primary.stop('SIGINT'));
    if (exitWithParent) stopWhenStdinCloses(primary.stop);
    return;
  }
  let service: RunningService;
  try {
    service = await startService({
      port: portFromEnv(env.PORT),
      host: env.HOST || undefined,
      dataDir: env.DATA_DIR || '.data/',
      databaseUrl: env.DATABASE_URL || undefined,
      databaseSchema: env.DATABASE_SCHEMA || undefined,
      databaseReadUrl: env.DATABASE_READ_URL || undefined,
      config: configFromEnv(env),
      defaultMetrics: true,
    });
  } catch (error) {
    cannotStart(error);
  }
  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) {
      // A second signal: the operator means it. In a worker the primary escalates instead
      // (a terminal's Ctrl-C reaches the worker and, forwarded, again from the primary).
      if (!cluster.isWorker) process.exit(1);
      return;
    }
    stopping = true;
    jsonLog('info', 'shutting down', { reason });
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        jsonLog('error', 'shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (cluster.isWorker) {
    process.on('message', (message: unknown) => {
      if (isClusterMessage(message, 'journeys-stop')) stop('stopped by the primary');
    });
    process.send?.({ type: 'journeys-ready', url: service.url } satisfies ClusterMessage);
  } else {
    process.stdout.write(`journeys-service listening on ${service.url}\n`);
    if (exitWithParent) stopWhenStdinCloses(stop);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
