import { randomUUID } from 'node:crypto';
import { ExpectedVersionConflict } from '../errors.ts';
import { expectedVersionHolds } from './expected-version.ts';
import { anyProjectionHandles, applyInlineProjections } from './inline-projections.ts';
import { type InternalEventStore, internals, localSubscriberLocks, type Snapshot } from './internals.ts';
import { MemoryDocuments } from './memory-documents.ts';
import { type StoreOptions, timeRead } from './options.ts';
import { SerialQueue } from './serial-queue.ts';
import type {
  AppendOptions,
  AppendResult,
  JsonObject,
  LogPosition,
  NewEvent,
  ReadAllEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
} from './types.ts';

/**
 * The in-process event store: the fast baseline and the store for unit tests. Stored events
 * are deep-frozen copies (read them, never edit them); documents are cloned in and out.
 *
 * @example
 * const store = getMemoryEventStore({ projections: [ordersList] });
 * await store.appendToStream('Order-1', [{ type: 'OrderCreated', data: { total: 10 } }], { expectedVersion: 'no_stream' });
 */
export function getMemoryEventStore(options: StoreOptions = {}): InternalEventStore {
  const projections = options.projections ?? [];
  const observer = options.observer;
  const streams = new Map<string, ReadAllEvent[]>();
  const byId = new Map<string, ReadAllEvent>();
  const log: ReadAllEvent[] = [];
  const documents = new MemoryDocuments();
  const checkpoints = new Map<string, LogPosition>();
  const snapshots = new Map<string, Snapshot>();
  // Appends with inline projections await the projections between check and commit; the queue keeps them atomic.
  const projectionQueue = new SerialQueue();

  function append(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): AppendResult | Promise<AppendResult> {
    const stream = streams.get(streamId);
    const current = stream ? stream.length - 1 : -1;
    // Only events that carry an id can already be stored; the rest get a fresh one.
    const stored = events.some((event) => event.id !== undefined)
      ? events.filter((event) => event.id !== undefined && byId.has(event.id))
      : [];
    if (events.length > 0 && stored.length === events.length) {
      const last = BigInt(Math.max(...stored.map((event) => Number(byId.get(event.id!)!.globalPosition))));
      return { appended: false, nextExpectedVersion: current, lastGlobalPosition: last };
    }
    const fresh = stored.length === 0 ? events : events.filter((event) => !stored.includes(event));
    const expected = options.expectedVersion ?? 'any';
    if (!expectedVersionHolds(expected, current))
      throw new ExpectedVersionConflict(streamId, expected, current);
    const createdAt = new Date();
    const recorded = fresh.map((event, i) =>
      Object.freeze<ReadAllEvent>({
        id: event.id ?? randomUUID(),
        streamId,
        streamVersion: current + 1 + i,
        globalPosition: BigInt(log.length + 1 + i),
        transactionId: 0n,
        type: event.type,
        data: frozenCopy(event.data),
        metadata: event.metadata ? frozenCopy(event.metadata) : noMetadata,
        createdAt,
      }),
    );
    const result: AppendResult = {
      appended: recorded.length > 0,
      nextExpectedVersion: current + recorded.length,
      lastGlobalPosition: recorded.at(-1)?.globalPosition ?? BigInt(log.length),
    };
    const commit = () => {
      const target = stream ?? [];
      if (!stream && recorded.length > 0) streams.set(streamId, target);
      for (const event of recorded) {
        target.push(event);
        log.push(event);
        byId.set(event.id, event);
      }
      return result;
    };
    if (
      projections.length === 0 ||
      !anyProjectionHandles(
        projections,
        recorded.map((event) => event.type),
      )
    ) {
      return commit();
    }
    const transaction = documents.begin();
    return applyInlineProjections(projections, recorded, transaction.writer).then(() => {
      transaction.commit();
      return commit();
    });
  }

  async function appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const started = performance.now();
    let conflict = false;
    try {
      return projections.length === 0
        ? append(streamId, events, options)
        : await projectionQueue.run(async () => append(streamId, events, options));
    } catch (error) {
      conflict = error instanceof ExpectedVersionConflict;
      throw error;
    } finally {
      observer?.onAppend?.(performance.now() - started, events.length, conflict);
    }
  }

  async function readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const started = performance.now();
    const stream = streams.get(streamId) ?? [];
    const from = Math.max(0, options.fromVersion ?? 0);
    const events = stream.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    observer?.onRead?.(performance.now() - started);
    return { events, currentVersion: stream.length - 1, streamExists: stream.length > 0 };
  }

  async function readAll(options: ReadAllOptions = {}): Promise<ReadAllEvent[]> {
    const started = performance.now();
    // Positions are 1..n without gaps here, so a position is an index.
    const from = Number(options.after?.globalPosition ?? 0n);
    const events = log.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    observer?.onRead?.(performance.now() - started);
    return events;
  }

  return {
    backend: 'memory',
    appendToStream,
    readStream,
    readAll,
    documents: {
      get: (collection, id) => timeRead(observer, () => documents.get(collection, id)),
      find: (collection, filter, page) => timeRead(observer, () => documents.find(collection, filter, page)),
    },
    loadCheckpoint: async (subscriber) => {
      const position = checkpoints.get(subscriber);
      return position && { ...position };
    },
    storeCheckpoint: async (subscriber, position) => void checkpoints.set(subscriber, { ...position }),
    close: async () => {},
    [internals]: {
      snapshots: {
        read: async <State>(streamId: string) => {
          const snapshot = snapshots.get(streamId);
          return snapshot && { version: snapshot.version, state: structuredClone(snapshot.state) as State };
        },
        write: async (streamId, snapshot) =>
          void snapshots.set(streamId, { version: snapshot.version, state: structuredClone(snapshot.state) }),
      },
      countAfter: async (after) => Math.max(0, log.length - Number(after?.globalPosition ?? 0n)),
      tryLockSubscriber: localSubscriberLocks(),
    },
  };
}

const noMetadata: JsonObject = Object.freeze({});

/** A deep copy of a JSON value, frozen as it is built (one walk instead of clone + freeze). */
function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (value instanceof Date) return new Date(value) as T;
  const copy: JsonObject = {};
  for (const key in value) copy[key] = frozenCopy((value as JsonObject)[key]);
  return Object.freeze(copy) as T;
}
