import { LRUCache } from 'lru-cache';
import { nonNegativeInteger } from './snapshots.ts';

/** An aggregate state as of a stream version. */
export interface CachedAggregate<State = unknown> {
  state: State;
  version: number;
}

/**
 * An in-process LRU of aggregate states keyed by stream id. Another instance may have
 * appended since the entry was cached, so treat an entry as a starting point: read the
 * stream from `version + 1` (usually zero events) — or append with the cached version and
 * `delete` the entry on ExpectedVersionConflict. Cached states are shared objects: do not
 * mutate them (evolve must return new states).
 *
 * @example
 * const cache = aggregateCacheFromEnv(process.env); // undefined when AGGREGATE_CACHE_SIZE is 0/unset
 * const hit = cache?.get<OrderState>('Order-1');
 * cache?.set('Order-1', { state, version: 7 });
 */
export interface AggregateCache {
  get<State>(streamId: string): CachedAggregate<State> | undefined;
  /** Keeps the entry only if it is newer than the one cached (concurrent loads race). */
  set<State>(streamId: string, entry: CachedAggregate<State>): void;
  delete(streamId: string): void;
  clear(): void;
  readonly size: number;
}

/**
 * An LRU holding at most `maxEntries` aggregates.
 *
 * @example
 * const cache = createAggregateCache(10_000);
 */
export function createAggregateCache(maxEntries: number): AggregateCache {
  const lru = new LRUCache<string, CachedAggregate>({ max: maxEntries });
  return {
    get: <State>(streamId: string) => lru.get(streamId) as CachedAggregate<State> | undefined,
    set: (streamId, entry) => {
      const cached = lru.peek(streamId);
      if (!cached || cached.version <= entry.version) lru.set(streamId, entry);
    },
    delete: (streamId) => void lru.delete(streamId),
    clear: () => lru.clear(),
    get size() {
      return lru.size;
    },
  };
}

/**
 * `AGGREGATE_CACHE_SIZE=N`: an LRU of N aggregates; 0 or unset = no cache (undefined).
 *
 * @example
 * const cache = aggregateCacheFromEnv({ AGGREGATE_CACHE_SIZE: '10000' });
 */
export function aggregateCacheFromEnv(
  env: Record<string, string | undefined> = process.env,
): AggregateCache | undefined {
  const size = nonNegativeInteger(env.AGGREGATE_CACHE_SIZE, 'AGGREGATE_CACHE_SIZE');
  return size > 0 ? createAggregateCache(size) : undefined;
}
