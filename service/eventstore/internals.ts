import type { EventStore, LogPosition } from './types.ts';

/** A stored aggregate state at a stream version (see snapshots.ts). */
export interface Snapshot<State = unknown> {
  state: State;
  version: number;
}

/** Snapshot rows of one store: the `snapshots` table on the SQL backends, a Map in memory. */
export interface SnapshotStore {
  read<State>(streamId: string): Promise<Snapshot<State> | undefined>;
  write<State>(streamId: string, snapshot: Snapshot<State>): Promise<void>;
}

/** What a store holds, counted: events, streams, read-model documents, checkpoints, snapshots. */
export interface StoreContents {
  events: number;
  streams: number;
  documents: number;
  checkpoints: number;
  snapshots: number;
}

/** A held subscriber lock (see subscriber.ts). */
export interface SubscriberLock {
  release(): Promise<void>;
  /** True once the lock is gone without a release (its database session ended); then take it again. */
  lost?(): boolean;
}

/**
 * What our backends offer beyond the EventStore contract, for the building blocks in this
 * folder (subscriber, snapshots). Kept behind a symbol so the domains never see it.
 */
export interface StoreInternals {
  snapshots: SnapshotStore;
  /** Committed events after `after` (all of them when undefined), only those of `types` when given. */
  countAfter(after: LogPosition | undefined, types?: readonly string[]): Promise<number>;
  /**
   * Empties every stream, read model, checkpoint and snapshot, keeping the schema (see
   * reset.ts). Returns how many of each there were.
   */
  reset(): Promise<StoreContents>;
  /** Take the named subscriber's lock if free; undefined when another instance holds it. */
  tryLockSubscriber(name: string): Promise<SubscriberLock | undefined>;
}

export const internals: unique symbol = Symbol('journeys.eventstore.internals');

export type InternalEventStore = EventStore & { readonly [internals]: StoreInternals };

export function internalsOf(store: EventStore): StoreInternals {
  const found = (store as Partial<InternalEventStore>)[internals];
  if (!found)
    throw new TypeError(`Event store "${store.backend}" was not made by service/eventstore factories`);
  return found;
}

/** In-process subscriber locks, for the single-process backends (memory, PGlite). */
export function localSubscriberLocks(): (name: string) => Promise<SubscriberLock | undefined> {
  const held = new Set<string>();
  return async (name) => {
    if (held.has(name)) return undefined;
    held.add(name);
    return { release: async () => void held.delete(name) };
  };
}
