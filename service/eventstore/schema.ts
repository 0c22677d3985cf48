import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The one schema of both PostgreSQL backends (PGlite and postgres.js). Tables carry no
 * schema name: the connection's search_path decides, so tests can use their own schema.
 * Migrations: `npx drizzle-kit generate` (drizzle.config.ts) writes ./migrations.
 */

/** PostgreSQL's 64-bit transaction id: orders the log by commit visibility (see readAll). */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const events = pgTable(
  'events',
  {
    globalPosition: bigserial('global_position', { mode: 'bigint' }).primaryKey(),
    transactionId: xid8('transaction_id').notNull().default(sql`pg_current_xact_id()`),
    streamId: text('stream_id').notNull(),
    streamVersion: integer('stream_version').notNull(),
    eventId: uuid('event_id').notNull().unique('events_event_id_key'),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    metadata: jsonb('metadata').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // The backstop of optimistic concurrency: two appends can never both write version n.
    unique('events_stream_version_key').on(table.streamId, table.streamVersion),
    index('events_transaction_order_idx').on(table.transactionId, table.globalPosition),
  ],
);

/** Current version per stream: the expected-version check is one conditional update of this row. */
export const streams = pgTable('streams', {
  streamId: text('stream_id').primaryKey(),
  version: integer('version').notNull(),
});

/** Read models written by inline projections. */
export const documents = pgTable(
  'documents',
  {
    collection: text('collection').notNull(),
    id: text('id').notNull(),
    data: jsonb('data').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.collection, table.id] }),
    index('documents_data_idx').using('gin', table.data.op('jsonb_path_ops')),
  ],
);

export const checkpoints = pgTable('checkpoints', {
  subscriber: text('subscriber').primaryKey(),
  transactionId: xid8('transaction_id').notNull(),
  globalPosition: bigint('global_position', { mode: 'bigint' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const snapshots = pgTable('snapshots', {
  streamId: text('stream_id').primaryKey(),
  version: integer('version').notNull(),
  state: jsonb('state').notNull(),
});
