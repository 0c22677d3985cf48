import { internals, internalsOf } from './eventstore/internals.ts';
import type { EventStoreObserver } from './eventstore/options.ts';
import { ExpectedVersionConflict } from './eventstore/store-errors.ts';
import type { DocumentReader, EventStore, JsonObject } from './eventstore/types.ts';
import type { ServiceMetrics } from './metrics.ts';

/**
 * The event store's observer (service/eventstore/options.ts) wired to the metrics: the store
 * calls it with the milliseconds spent in database work only, so these histograms hold no
 * HTTP parsing, validation or response encoding.
 *
 * @example
 * const store = await getPGliteEventStore({ projections, observer: storeObserver(metrics) });
 */
export function storeObserver(metrics: ServiceMetrics): EventStoreObserver {
  return {
    onAppend(ms: number, count: number, conflict: boolean, streamId: string): void {
      metrics.appendDuration.observe(ms / 1000);
      if (conflict) {
        metrics.conflictsTotal.inc();
      } else {
        metrics.appendsTotal.inc();
        metrics.eventsAppendedTotal.inc({ category: streamCategory(streamId) }, count);
      }
    },
    onRead(ms: number): void {
      metrics.readDuration.observe({ kind: 'events' }, ms / 1000);
    },
  };
}

/**
 * The stream's category, as event stores name it: the id up to its first "-" (`Order-42` →
 * `Order`). Our domains build every stream id as `<Category>-<id>`; an id without one counts
 * as `other`, so a label never takes an id's unbounded values.
 *
 * @example
 * streamCategory('StockItem-sku-1'); // 'StockItem'
 */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : 'other';
}

/** One call into the store, as `aroundStoreCalls` reports it. */
export interface StoreCall {
  kind: 'append' | 'readStream' | 'readAll' | 'documents';
  /** The stream an append or stream read touches. */
  streamId?: string;
}

type Around = <T>(call: StoreCall, work: () => Promise<T>) => Promise<T>;

function aroundDocuments(documents: DocumentReader, around: Around): DocumentReader {
  const call: StoreCall = { kind: 'documents' };
  return {
    get: <T extends JsonObject>(collection: string, id: string) =>
      around(call, () => documents.get<T>(collection, id)),
    find: <T extends JsonObject>(
      collection: string,
      filter?: JsonObject,
      page?: { offset: number; limit: number },
    ) => around(call, () => documents.find<T>(collection, filter, page)),
  };
}

/**
 * The store with every database call passed through `around` (to time or count it). The
 * wrapper inherits from the store (prototype), so everything else — `close`, checkpoints and
 * the backend's internals that subscribers and snapshots reach — stays the store's own.
 *
 * @example
 * const counted = aroundStoreCalls(store, (call, work) => { calls++; return work(); });
 */
export function aroundStoreCalls(store: EventStore, around: Around): EventStore {
  const wrapped = Object.create(store) as EventStore;
  wrapped.appendToStream = (streamId, events, options) =>
    around({ kind: 'append', streamId }, () => store.appendToStream(streamId, events, options));
  wrapped.readStream = (streamId, options) =>
    around({ kind: 'readStream', streamId }, () => store.readStream(streamId, options));
  wrapped.readAll = (options) => around({ kind: 'readAll' }, () => store.readAll(options));
  Object.defineProperty(wrapped, 'documents', { value: aroundDocuments(store.documents, around) });
  return wrapped;
}

/** Times document (read model) queries, which the store observer does not see. */
export function meterDocuments(documents: DocumentReader, metrics: ServiceMetrics): DocumentReader {
  return aroundDocuments(documents, async (_call, work) => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      metrics.readDuration.observe({ kind: 'documents' }, (performance.now() - start) / 1000);
    }
  });
}

/** True for the store's version conflict, whichever class a backend threw it as. */
export function isConflict(error: unknown): boolean {
  return (
    error instanceof ExpectedVersionConflict ||
    (error instanceof Error && (error as { code?: unknown }).code === 'EXPECTED_VERSION_CONFLICT')
  );
}

/** postgres.ts's pool size when none is given (the service gives none). */
const POSTGRES_POOL_SIZE = 10;

/**
 * postgres.js exposes no pool statistics, so the pool's use is counted from our side
 * (`metrics.pool`, shown as journeys_db_pool_*): every store call holds one connection while
 * it runs, or waits for one; a subscriber's advisory lock keeps one reserved. PGlite is a
 * pool of one connection whose queue is the waiting line. The memory store has no pool and
 * is returned as it is.
 *
 * @example
 * const store = countCallsInFlight(await getPostgresEventStore({ url }), metrics);
 */
export function countCallsInFlight(
  store: EventStore,
  metrics: ServiceMetrics,
  poolSize = store.backend === 'postgres' ? POSTGRES_POOL_SIZE : 1,
): EventStore {
  if (store.backend === 'memory') return store;
  const pool = metrics.pool;
  pool.size = poolSize;
  const wrapped = aroundStoreCalls(store, async (_call, work) => {
    pool.calls++;
    pool.changed();
    try {
      return await work();
    } finally {
      pool.calls--;
    }
  });
  if (store.backend !== 'postgres') return wrapped;
  const inner = internalsOf(store);
  const tryLockSubscriber = async (name: string) => {
    const lock = await inner.tryLockSubscriber(name);
    if (!lock) return undefined;
    pool.locks++;
    pool.changed();
    return {
      release: async () => {
        pool.locks--;
        await lock.release();
      },
    };
  };
  Object.defineProperty(wrapped, internals, { value: { ...inner, tryLockSubscriber } });
  return wrapped;
}
