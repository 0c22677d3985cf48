/**
 * The event store contract. Three backends implement it (memory, PGlite, PostgreSQL);
 * the domains and read models only ever see these types.
 */

/** Expected version of a stream at append time. A number is the exact current version (0-based count of events - 1). */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export type JsonObject = { [key: string]: unknown };

/** An event before it is stored. `id` makes the append idempotent: re-appending the same ids is a no-op. */
export interface NewEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  id?: string;
  type: Type;
  data: Data;
  metadata?: JsonObject;
}

/** An event as read back from the log. */
export interface RecordedEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  id: string;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  streamVersion: number;
  /** Position in the whole log, strictly increasing, may have gaps. */
  globalPosition: bigint;
  type: Type;
  data: Data;
  metadata: JsonObject;
  createdAt: Date;
}

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** Version of the stream after the append (the version to expect next time). */
  nextExpectedVersion: number;
  lastGlobalPosition: bigint;
  /** False when every event id was already stored (idempotent re-append). */
  appended: boolean;
}

export interface ReadStreamOptions {
  /** First stream version to read (inclusive). Default 0. */
  fromVersion?: number;
  maxCount?: number;
}

export interface ReadStreamResult {
  events: RecordedEvent[];
  /** Current version of the stream; -1 when it does not exist. */
  currentVersion: number;
  streamExists: boolean;
}

/** Checkpoint of a subscriber: the last position it processed. */
export interface LogPosition {
  /** Postgres transaction id (xid8) of the last processed event; 0n for memory. */
  transactionId: bigint;
  globalPosition: bigint;
}

export interface ReadAllOptions {
  /** Read events strictly after this position. Default: from the beginning. */
  after?: LogPosition;
  maxCount?: number;
}

export interface ReadAllEvent extends RecordedEvent {
  transactionId: bigint;
}

/** Pure queries. A read-only store (DATABASE_READ_URL) implements only this. */
export interface EventStoreReader {
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /**
   * Events in commit order after `after`. Never returns an event while an older
   * transaction that could still commit below it is in flight (ordering by
   * transaction id, as mature Postgres event stores do), so a subscriber that
   * follows this never skips a late commit.
   */
  readAll(options?: ReadAllOptions): Promise<ReadAllEvent[]>;
}

/** Read models stored as JSON documents, updated in the append transaction (inline projections). */
export interface DocumentReader {
  get<T extends JsonObject>(collection: string, id: string): Promise<T | undefined>;
  /** Documents whose data contains `filter` (jsonb `@>`), ordered by id, paged. */
  find<T extends JsonObject>(
    collection: string,
    filter?: JsonObject,
    page?: { offset: number; limit: number },
  ): Promise<{ items: T[]; total: number }>;
}

export interface DocumentWriter extends DocumentReader {
  put(collection: string, id: string, doc: JsonObject): Promise<void>;
  delete(collection: string, id: string): Promise<void>;
}

/** Runs inside the append transaction: everything it writes commits or rolls back with the events. */
export interface InlineProjection {
  name: string;
  /** Event types it handles; others are not passed to it. */
  handles: readonly string[];
  apply(events: readonly RecordedEvent[], documents: DocumentWriter): Promise<void>;
}

export interface EventStore extends EventStoreReader {
  readonly backend: 'memory' | 'pglite' | 'postgres';
  /** Throws ExpectedVersionConflict when expectedVersion does not hold. */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Read models (queries see every acknowledged append: read-your-writes). */
  readonly documents: DocumentReader;
  /** Stored subscriber checkpoints. */
  loadCheckpoint(subscriber: string): Promise<LogPosition | undefined>;
  storeCheckpoint(subscriber: string, position: LogPosition): Promise<void>;
  close(): Promise<void>;
}
