import { internalsOf, type SnapshotStore } from './internals.ts';
import type { EventStore } from './types.ts';

export type { Snapshot, SnapshotStore } from './internals.ts';

/**
 * Snapshot rows of a store made by our factories: `snapshots` table (stream_id PK, version,
 * state jsonb) on PGlite and PostgreSQL, a Map in memory. A snapshot is a cache: a stream
 * always replays correctly without it. States must be plain JSON (they go through jsonb).
 *
 * @example
 * const snapshots = snapshotStoreOf(store);
 * const snap = await snapshots.read<OrderState>('Order-1');            // { state, version } | undefined
 * const { events } = await store.readStream('Order-1', { fromVersion: (snap?.version ?? -1) + 1 });
 * // …evolve…, append, then when shouldSnapshot(every, before, after): await snapshots.write('Order-1', { state, version: after });
 */
export function snapshotStoreOf(store: EventStore): SnapshotStore {
  return internalsOf(store).snapshots;
}

/**
 * `SNAPSHOT_EVERY=N`: take a snapshot each time a stream crosses a multiple of N events;
 * 0 (the default) turns snapshots off.
 *
 * @example
 * const every = snapshotEveryFromEnv(process.env); // 0 = off
 */
export function snapshotEveryFromEnv(env: Record<string, string | undefined> = process.env): number {
  return nonNegativeInteger(env.SNAPSHOT_EVERY, 'SNAPSHOT_EVERY');
}

/**
 * Whether an append that moved a stream from `versionBefore` to `versionAfter` crossed a
 * multiple of `every` events (so a snapshot is due). Never true when `every` is 0.
 *
 * @example
 * shouldSnapshot(100, 98, 100); // true: the 100th..101st event
 */
export function shouldSnapshot(every: number, versionBefore: number, versionAfter: number): boolean {
  if (every <= 0) return false;
  return Math.floor((versionAfter + 1) / every) > Math.floor((versionBefore + 1) / every);
}

export function nonNegativeInteger(text: string | undefined, name: string): number {
  if (text === undefined || text.trim() === '') return 0;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, got "${text}"`);
  return value;
}
