import type { EventStoreObserver } from './options.ts';
import { openPostgresClient, postgresSession } from './postgres.ts';
import { createSqlReader } from './sql-store.ts';
import type { DocumentReader, EventStore, EventStoreReader } from './types.ts';

/** Queries only: the object has no appendToStream, and on PostgreSQL the connection is read-only too. */
export interface ReadOnlyEventStore extends EventStoreReader {
  readonly documents: DocumentReader;
  close(): Promise<void>;
}

/**
 * A query-only store: a read-only pool on DATABASE_READ_URL (a replica, say; same
 * DATABASE_SCHEMA) when set, else the primary store's reads. Closing it never closes the
 * primary.
 *
 * @example
 * const reads = await getReadOnlyEventStore({ primary: store, env: process.env });
 * const order = await reads.documents.get('orders', orderId);
 */
export async function getReadOnlyEventStore(options: {
  primary: EventStore;
  env?: Record<string, string | undefined>;
  /** Pool size of the read connection. Default 10. */
  max?: number;
  observer?: EventStoreObserver;
}): Promise<ReadOnlyEventStore> {
  const env = options.env ?? process.env;
  const readUrl = env.DATABASE_READ_URL;
  if (!readUrl) {
    const { primary } = options;
    return {
      readStream: (streamId, readOptions) => primary.readStream(streamId, readOptions),
      readAll: (readOptions) => primary.readAll(readOptions),
      documents: {
        get: (c, id) => primary.documents.get(c, id),
        find: (c, f, p) => primary.documents.find(c, f, p),
      },
      close: async () => {},
    };
  }
  const client = openPostgresClient(readUrl, {
    schema: env.DATABASE_SCHEMA || 'public',
    max: options.max ?? 10,
    readOnly: true,
  });
  const reader = createSqlReader(postgresSession(client), options.observer);
  return { ...reader, close: () => client.end({ timeout: 5 }) };
}
