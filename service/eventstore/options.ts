import type { InlineProjection } from './types.ts';

/**
 * Timing hooks for the service's metrics. Each is called with the milliseconds spent in the
 * database work only (no queueing in the service, no JSON encoding of the HTTP response).
 *
 * @example
 * const store = getMemoryEventStore({
 *   observer: { onAppend: (ms, count, conflict) => appendSeconds.observe(ms / 1000), onRead: (ms) => readSeconds.observe(ms / 1000) },
 * });
 */
export interface EventStoreObserver {
  /** After every append attempt to `streamId`: `count` events offered, `conflict` when it failed its expected version. */
  onAppend?(ms: number, count: number, conflict: boolean, streamId: string): void;
  /** After every readStream / readAll. */
  onRead?(ms: number): void;
}

/** Options every backend accepts. */
export interface StoreOptions {
  /** Read models updated inside the append transaction. */
  projections?: readonly InlineProjection[];
  observer?: EventStoreObserver;
}

/** Runs a read and reports its duration to `observer.onRead`. */
export async function timeRead<T>(
  observer: EventStoreObserver | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    observer?.onRead?.(performance.now() - started);
  }
}
