import { internalsOf, type StoreContents } from './internals.ts';
import type { EventStore } from './types.ts';

export type { StoreContents } from './internals.ts';

/**
 * Empties a store made by our factories — every event and stream, read-model document,
 * subscriber checkpoint and snapshot — and keeps its schema, so the next run starts as on a
 * fresh database without migrating again. On PGlite and PostgreSQL one transaction counts
 * the rows and truncates the tables (global positions start again at 1); in memory the maps
 * are cleared. Returns what was there.
 *
 * Only the store: a running service also holds caches and subscribers, see
 * service/admin/reset-service.ts.
 *
 * @example
 * const removed = await resetStore(store); // { events: 1200, streams: 300, documents: 310, checkpoints: 1, snapshots: 0 }
 */
export function resetStore(store: EventStore): Promise<StoreContents> {
  return internalsOf(store).reset();
}
