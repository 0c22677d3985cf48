import { type SQL, sql } from 'drizzle-orm/sql/sql';
import { clientSignal, throwIfClientGone } from './client-scope.ts';
import { expectedVersionHolds } from './expected-version.ts';
import { anyProjectionHandles, applyInlineProjections } from './inline-projections.ts';
import { type InternalEventStore, internals, type StoreContents } from './internals.ts';
import { type EventStoreObserver, type StoreOptions, timeRead } from './options.ts';
import { type AppendRow, appendStatement } from './sql-append.ts';
import { sqlDocuments } from './sql-documents.ts';
import { type EventRow, eventColumns, isUniqueViolation, toEvent } from './sql-rows.ts';
import type { SqlConnection, SqlSession } from './sql-session.ts';
import { ExpectedVersionConflict } from './store-errors.ts';
import type {
  AppendOptions,
  AppendResult,
  DocumentReader,
  EventStoreReader,
  JsonObject,
  LogPosition,
  NewEvent,
  ReadStreamResult,
  RecordedEvent,
} from './types.ts';

/** Every table of the store's data (not the migrations journal): what reset empties. */
const storeTables = 'events, streams, documents, checkpoints, snapshots';

const countContents = sql`
  SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM streams)::int AS streams,
    (SELECT count(*) FROM documents)::int AS documents, (SELECT count(*) FROM checkpoints)::int AS checkpoints,
    (SELECT count(*) FROM snapshots)::int AS snapshots`;

const logStart: LogPosition = { transactionId: 0n, globalPosition: 0n };

/** The queries of a store over `connection`: everything a read-only store has. */
export function createSqlReader(
  session: SqlSession,
  observer?: EventStoreObserver,
): EventStoreReader & { documents: DocumentReader } {
  const query = <Row>(statement: SQL) => session.query<Row>(statement);
  const timed = <T>(work: () => Promise<T>) => timeRead(observer, work);
  const documents = sqlDocuments(session);
  return {
    readStream: async (streamId, options = {}) => {
      // One statement, so the version and the events come from the same snapshot.
      const rows = await timed(() =>
        query<EventRow & { current: number }>(sql`
          SELECT s.version AS current, ${sql.raw(eventColumns)}
          FROM streams s LEFT JOIN LATERAL (
            SELECT * FROM events
            WHERE events.stream_id = s.stream_id AND events.stream_version >= ${options.fromVersion ?? 0}
            ORDER BY events.stream_version LIMIT ${options.maxCount ?? null}
          ) e ON true
          WHERE s.stream_id = ${streamId}`),
      );
      if (rows.length === 0)
        return { events: [], currentVersion: -1, streamExists: false } satisfies ReadStreamResult;
      const events: RecordedEvent[] = rows[0].event_id === null ? [] : rows.map(toEvent);
      return { events, currentVersion: rows[0].current, streamExists: true };
    },
    readAll: async (options = {}) => {
      const after = options.after ?? logStart;
      // Only transactions older than every one still running: a late commit never lands behind a reader.
      const rows = await timed(() =>
        query<EventRow>(sql`
          SELECT ${sql.raw(eventColumns)} FROM events e
          WHERE (e.transaction_id, e.global_position) > (${String(after.transactionId)}::xid8, ${String(after.globalPosition)}::bigint)
            AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY e.transaction_id, e.global_position
          LIMIT ${options.maxCount ?? null}`),
      );
      return rows.map(toEvent);
    },
    documents: {
      get: <T extends JsonObject>(collection: string, id: string) =>
        timed(() => documents.get<T>(collection, id)),
      find: <T extends JsonObject>(
        collection: string,
        filter?: JsonObject,
        page?: { offset: number; limit: number },
      ) => timed(() => documents.find<T>(collection, filter, page)),
    },
  };
}

/** The full store over a PGlite or postgres.js connection (see pglite.ts, postgres.ts). */
export function createSqlEventStore(
  connection: SqlConnection,
  options: StoreOptions = {},
): InternalEventStore {
  const projections = options.projections ?? [];
  const observer = options.observer;
  const reader = createSqlReader(connection, observer);
  const query = <Row>(statement: SQL) => connection.query<Row>(statement);

  const currentVersion = async (streamId: string) => {
    const [row] = await query<{ version: number }>(
      sql`SELECT version FROM streams WHERE stream_id = ${streamId}`,
    );
    return row?.version ?? -1;
  };

  /**
   * Runs the append statement, plus the inline projections in the same transaction when any
   * applies. A write for a client is always a transaction, so it can still roll back when its
   * client leaves while it runs: a lone statement commits the moment it ends, however late.
   */
  async function write(streamId: string, events: readonly NewEvent[], options: AppendOptions) {
    const statement = appendStatement(streamId, events, options.expectedVersion ?? 'any');
    const types = events.map((event) => event.type);
    const projected = anyProjectionHandles(projections, types);
    if (!projected && clientSignal() === undefined) return query<AppendRow>(statement);
    return connection.transaction(async (tx) => {
      const rows = await tx.query<AppendRow>(statement);
      if (projected && rows[0].event_id !== null) {
        const recorded = rows.map((row) => toRecorded(streamId, row, events));
        await applyInlineProjections(projections, recorded, sqlDocuments(tx));
      }
      throwIfClientGone(); // the last moment to roll back: COMMIT follows
      return rows;
    });
  }

  async function append(
    streamId: string,
    input: readonly NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    const expected = options.expectedVersion ?? 'any';
    if (input.length === 0) {
      const current = await currentVersion(streamId);
      if (!expectedVersionHolds(expected, current))
        throw new ExpectedVersionConflict(streamId, expected, current);
      return { appended: false, nextExpectedVersion: current, lastGlobalPosition: 0n };
    }
    const events = input.map((event) => ({ ...event, id: event.id?.toLowerCase() ?? crypto.randomUUID() }));
    throwIfClientGone(); // a request its client gave up on is not stored
    let rows: AppendRow[];
    try {
      rows = await write(streamId, events, options);
    } catch (error) {
      // Another writer stored some of these ids first: appending again filters them out.
      if (!isUniqueViolation(error, 'events_event_id_key')) throw error;
      rows = await write(streamId, events, options);
    }
    const last = rows.at(-1)!;
    if (last.event_id !== null) {
      return {
        appended: true,
        nextExpectedVersion: last.stream_version!,
        lastGlobalPosition: BigInt(last.global_position!),
      };
    }
    const current = await currentVersion(streamId);
    if (rows[0].fresh > 0) throw new ExpectedVersionConflict(streamId, expected, current);
    const ids = JSON.stringify(events.map((event) => event.id));
    const [stored] = await query<{ last: string }>(sql`
      SELECT max(global_position)::text AS last FROM events
      WHERE event_id IN (SELECT jsonb_array_elements_text(${ids}::jsonb)::uuid)`);
    return { appended: false, nextExpectedVersion: current, lastGlobalPosition: BigInt(stored.last) };
  }

  return {
    backend: connection.backend,
    ...reader,
    appendToStream: async (streamId, events, options = {}) => {
      const started = performance.now();
      let conflict = false;
      try {
        return await append(streamId, events, options);
      } catch (error) {
        conflict = error instanceof ExpectedVersionConflict;
        throw error;
      } finally {
        observer?.onAppend?.(performance.now() - started, events.length, conflict, streamId);
      }
    },
    loadCheckpoint: async (subscriber) => {
      const [row] = await query<{ transaction_id: string; global_position: string }>(sql`
        SELECT transaction_id::text AS transaction_id, global_position::text AS global_position
        FROM checkpoints WHERE subscriber = ${subscriber}`);
      return (
        row && { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) }
      );
    },
    storeCheckpoint: async (subscriber, position) => {
      await query(sql`
        INSERT INTO checkpoints (subscriber, transaction_id, global_position)
        VALUES (${subscriber}, ${String(position.transactionId)}::xid8, ${String(position.globalPosition)}::bigint)
        ON CONFLICT (subscriber) DO UPDATE
        SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()`);
    },
    close: () => connection.close(),
    [internals]: {
      snapshots: {
        read: async <State>(streamId: string) => {
          const [row] = await query<{ version: number; state: State }>(
            sql`SELECT version, state FROM snapshots WHERE stream_id = ${streamId}`,
          );
          return row && { version: row.version, state: row.state };
        },
        write: async (streamId, snapshot) => {
          await query(sql`
            INSERT INTO snapshots (stream_id, version, state)
            VALUES (${streamId}, ${snapshot.version}, ${JSON.stringify(snapshot.state)}::jsonb)
            ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state = excluded.state`);
        },
      },
      countAfter: async (after, types) => {
        const position = after ?? logStart;
        const ofTypes = types
          ? sql`AND type IN (SELECT jsonb_array_elements_text(${JSON.stringify(types)}::jsonb))`
          : sql``;
        const [row] = await query<{ count: number }>(sql`
          SELECT count(*)::int AS count FROM events
          WHERE (transaction_id, global_position) > (${String(position.transactionId)}::xid8, ${String(position.globalPosition)}::bigint)
          ${ofTypes}`);
        return row.count;
      },
      reset: () =>
        connection.transaction(async (tx) => {
          // Counted in the same transaction as the TRUNCATE, which locks the tables: nothing slips between.
          await tx.query(sql.raw(`LOCK TABLE ${storeTables} IN ACCESS EXCLUSIVE MODE`));
          const [counts] = await tx.query<StoreContents>(countContents);
          await tx.query(sql.raw(`TRUNCATE ${storeTables} RESTART IDENTITY`));
          return counts;
        }),
      tryLockSubscriber: (name) => connection.tryLockSubscriber(name),
    },
  };
}

function toRecorded(streamId: string, row: AppendRow, events: readonly NewEvent[]): RecordedEvent {
  const event = events.find((candidate) => candidate.id === row.event_id)!;
  return {
    id: row.event_id!,
    streamId,
    streamVersion: row.stream_version!,
    globalPosition: BigInt(row.global_position!),
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
    createdAt: new Date(row.created_ms!),
  };
}
