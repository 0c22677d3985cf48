/**
 * The event store: one contract (types.ts), three backends, the factories that pick one.
 *
 * @example
 * const store = await getEventStoreFromEnv(process.env, projections);
 * await store.appendToStream('Order-1', [{ type: 'OrderCreated', data: {} }], { expectedVersion: 'no_stream' });
 */
export { type AggregateCache, aggregateCacheFromEnv, createAggregateCache } from './aggregate-cache.ts';
export { getEventStoreFromEnv } from './env.ts';
export { getMemoryEventStore } from './memory.ts';
export type { EventStoreObserver, StoreOptions } from './options.ts';
export { getPGliteEventStore, type PGliteStoreOptions } from './pglite.ts';
export { getPostgresEventStore, type PostgresStoreOptions } from './postgres.ts';
export { getReadOnlyEventStore, type ReadOnlyEventStore } from './read-only.ts';
export {
  type Snapshot,
  type SnapshotStore,
  shouldSnapshot,
  snapshotEveryFromEnv,
  snapshotStoreOf,
} from './snapshots.ts';
export { type Subscriber, type SubscriberOptions, startSubscriber } from './subscriber.ts';
export type * from './types.ts';
