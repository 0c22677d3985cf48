import { expectedVersionHolds } from './expected-version.ts';
import { anyProjectionHandles, applyInlineProjections } from './inline-projections.ts';
import { type InternalEventStore, internals, localSubscriberLocks, type Snapshot } from './internals.ts';
import { mutableCopy } from './json-copy.ts';
import { MemoryDocuments } from './memory-documents.ts';
import { layOutBeforeRead, type MemoryStream, recordEvent } from './memory-events.ts';
import { type StoreOptions, timeRead } from './options.ts';
import { SerialQueue } from './serial-queue.ts';
import { ExpectedVersionConflict } from './store-errors.ts';
import type {
  AppendOptions,
  AppendResult,
  LogPosition,
  NewEvent,
  ReadAllEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
} from './types.ts';

/**
 * The in-process event store: the fast baseline and the store for unit tests. Each event is
 * copied and deep-frozen once, at append; reads hand out those same frozen events (read
 * them, never edit them). Documents are cloned in and out.
 *
 * @example
 * const store = getMemoryEventStore({ projections: [ordersList] });
 * await store.appendToStream('Order-1', [{ type: 'OrderCreated', data: { total: 10 } }], { expectedVersion: 'no_stream' });
 */
export function getMemoryEventStore(options: StoreOptions = {}): InternalEventStore {
  const projections = options.projections ?? [];
  const observer = options.observer;
  const streams = new Map<string, MemoryStream>();
  const log: ReadAllEvent[] = [];
  const storedIds = lazyIdIndex(log);
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
    const current = stream === undefined ? -1 : stream.events.length - 1;
    let fresh = events;
    // Only events that carry an id can already be stored; the rest get a fresh one.
    if (events.some(carriesId)) {
      const byId = storedIds();
      const stored = events.filter((event) => event.id !== undefined && byId.has(event.id));
      if (stored.length === events.length) {
        const last = BigInt(Math.max(...stored.map((event) => byId.get(event.id!)!)));
        return { appended: false, nextExpectedVersion: current, lastGlobalPosition: last };
      }
      if (stored.length > 0) fresh = events.filter((event) => !stored.includes(event));
    }
    const expected = options.expectedVersion ?? 'any';
    if (!expectedVersionHolds(expected, current))
      throw new ExpectedVersionConflict(streamId, expected, current);
    const createdAt = new Date();
    const recorded: ReadAllEvent[] = [];
    for (let i = 0; i < fresh.length; i++) {
      recorded.push(recordEvent(fresh[i], streamId, current + 1 + i, log.length + 1 + i, createdAt));
    }
    const result: AppendResult = {
      appended: recorded.length > 0,
      nextExpectedVersion: current + recorded.length,
      lastGlobalPosition:
        recorded.length > 0 ? recorded[recorded.length - 1].globalPosition : BigInt(log.length),
    };
    if (
      projections.length === 0 ||
      !anyProjectionHandles(
        projections,
        recorded.map((event) => event.type),
      )
    ) {
      commit(streamId, stream, recorded);
      return result;
    }
    const transaction = documents.begin();
    return applyInlineProjections(projections, recorded, transaction.writer).then(() => {
      transaction.commit();
      commit(streamId, stream, recorded);
      return result;
    });
  }

  function commit(streamId: string, stream: MemoryStream | undefined, recorded: ReadAllEvent[]): void {
    if (recorded.length === 0) return;
    const target = stream ?? { events: [], laidOut: 0 };
    if (stream === undefined) streams.set(streamId, target);
    for (const event of recorded) {
      target.events.push(event);
      log.push(event);
    }
  }

  function attempt(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): AppendResult | Promise<AppendResult> {
    return projections.length === 0
      ? append(streamId, events, options)
      : projectionQueue.run(async () => append(streamId, events, options));
  }

  async function appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    // The hot path (no observer) pays for no clock reads and no try/finally.
    if (!observer?.onAppend) return attempt(streamId, events, options);
    const started = performance.now();
    let conflict = false;
    try {
      return await attempt(streamId, events, options);
    } catch (error) {
      conflict = error instanceof ExpectedVersionConflict;
      throw error;
    } finally {
      observer.onAppend(performance.now() - started, events.length, conflict, streamId);
    }
  }

  async function readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const started = observer?.onRead ? performance.now() : 0;
    const stream = streams.get(streamId);
    const from = Math.max(0, options.fromVersion ?? 0);
    if (stream !== undefined) layOutBeforeRead(stream, from, log);
    const stored = stream?.events ?? [];
    const events = stored.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
    observer?.onRead?.(performance.now() - started);
    return { events, currentVersion: stored.length - 1, streamExists: stored.length > 0 };
  }

  async function readAll(options: ReadAllOptions = {}): Promise<ReadAllEvent[]> {
    const started = observer?.onRead ? performance.now() : 0;
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
          return snapshot && { version: snapshot.version, state: mutableCopy(snapshot.state) as State };
        },
        write: async (streamId, snapshot) =>
          void snapshots.set(streamId, { version: snapshot.version, state: mutableCopy(snapshot.state) }),
      },
      reset: () =>
        projectionQueue.run(async () => {
          const counts = {
            events: log.length,
            streams: streams.size,
            documents: documents.count(),
            checkpoints: checkpoints.size,
            snapshots: snapshots.size,
          };
          streams.clear();
          log.length = 0;
          storedIds.clear();
          documents.clear();
          checkpoints.clear();
          snapshots.clear();
          return counts;
        }),
      countAfter: async (after, types) => {
        const from = Number(after?.globalPosition ?? 0n);
        if (!types) return Math.max(0, log.length - from);
        let count = 0;
        for (let i = from; i < log.length; i++) if (types.includes(log[i].type)) count++;
        return count;
      },
      tryLockSubscriber: localSubscriberLocks(),
    },
  };
}

const carriesId = (event: NewEvent) => event.id !== undefined;

/**
 * The id → global position index for idempotent appends, brought up to date only when an append
 * carries ids: appends without ids (most of them, and every one of the benchmark's) do not
 * pay a Map entry per event. Catching up walks the log in order, so a later duplicate wins
 * exactly as an eager index would.
 */
function lazyIdIndex(log: readonly ReadAllEvent[]): {
  (): ReadonlyMap<string, number>;
  clear(): void;
} {
  const byId = new Map<string, number>();
  let indexed = 0;
  const index = () => {
    // Positions, not events: a stream's layout (memory-events.ts) swaps its event objects.
    for (; indexed < log.length; indexed++) byId.set(log[indexed].id, indexed + 1);
    return byId;
  };
  index.clear = () => {
    byId.clear();
    indexed = 0;
  };
  return index;
}
