import { ExpectedVersionConflict } from './errors.ts';
import type { EventStoreObserver } from './eventstore/options.ts';
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
    onAppend(ms: number, count: number, conflict: boolean): void {
      metrics.appendDuration.observe(ms / 1000);
      if (conflict) {
        metrics.conflictsTotal.inc();
      } else {
        metrics.appendsTotal.inc();
        metrics.eventsAppendedTotal.inc(count);
      }
    },
    onRead(ms: number): void {
      metrics.readDuration.observe({ kind: 'events' }, ms / 1000);
    },
  };
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

/**
 * postgres.js exposes no pool statistics, so the pool's use is counted from our side: every
 * store call holds one connection while it runs (or waits for one), so the calls in flight
 * are the connections in use, plus any queued for a free one.
 *
 * @example
 * const store = countCallsInFlight(await getPostgresEventStore({ url }), metrics);
 */
export function countCallsInFlight(store: EventStore, metrics: ServiceMetrics): EventStore {
  return aroundStoreCalls(store, async (_call, work) => {
    metrics.dbPoolInUse.inc();
    try {
      return await work();
    } finally {
      metrics.dbPoolInUse.dec();
    }
  });
}
