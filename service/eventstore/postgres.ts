import type { SQL } from 'drizzle-orm/sql/sql';
import postgres from 'postgres';
import { asUnavailable } from './database-unavailable.ts';
import type { InternalEventStore, SubscriberLock } from './internals.ts';
import type { StoreOptions } from './options.ts';
import { migrationsFolder } from './pglite.ts';
import { boundedSession } from './postgres-bounded.ts';
import { type SqlSession, toQuery } from './sql-session.ts';
import { createSqlEventStore } from './sql-store.ts';

export interface PostgresStoreOptions extends StoreOptions {
  url: string;
  /** Schema for the tables: created if missing, and every connection's search_path. Default 'public'. */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
  /** Longest wait for a pooled connection, and for a statement's answer, before a call fails with 503 DatabaseUnavailableError. Default 1500. */
  connectionWaitMs?: number;
  /** Server-side statement_timeout of every pooled connection (0 = none). Default 5000. */
  statementTimeoutMs?: number;
}

/** First key of every advisory lock we take, so ours never collide with another application's. */
const lockSpace = 0x6a6f75; // "jou"

/**
 * PostgreSQL through postgres.js: a pool of `max` connections whose search_path is
 * `schema`; migrations run on open (idempotent, under an advisory lock so several
 * instances can start at once). Subscriber locks are session advisory locks on
 * connections reserved from the pool.
 *
 * @example
 * const store = await getPostgresEventStore({ url: process.env.DATABASE_URL!, max: 20 });
 */
export async function getPostgresEventStore(options: PostgresStoreOptions): Promise<InternalEventStore> {
  const schema = options.schema ?? 'public';
  await migrateSchema(options.url, schema);
  const waitMs = options.connectionWaitMs ?? 1500;
  const client = openPostgresClient(options.url, {
    schema,
    max: options.max ?? 10,
    statementTimeoutMs: options.statementTimeoutMs ?? 5000,
    connectTimeoutMs: waitMs,
  });
  const bounded = boundedSession(client, waitMs);
  return createSqlEventStore(
    {
      backend: 'postgres',
      query: bounded.query,
      transaction: (work) => bounded.transaction(work, postgresSession),
      // A session of its own per lock, not a connection reserved from the pool: postgres.js keeps
      // using a reserved connection after the server dropped it (and crashes on it), and the
      // lock must be known lost when its session ends, e.g. in a database restart.
      tryLockSubscriber: async (name): Promise<SubscriberLock | undefined> => {
        const key = `${schema}:${name}`;
        let lost = false;
        const session = openPostgresClient(options.url, {
          schema,
          max: 1,
          connectTimeoutMs: waitMs,
          onclose: () => {
            lost = true;
          },
        });
        try {
          const [row] = await session`SELECT pg_try_advisory_lock(${lockSpace}, hashtext(${key})) AS locked`;
          if (row.locked) {
            return {
              lost: () => lost,
              release: async () => {
                try {
                  if (!lost) await session`SELECT pg_advisory_unlock(${lockSpace}, hashtext(${key}))`;
                } finally {
                  await session.end({ timeout: 1 });
                }
              },
            };
          }
        } catch (error) {
          await session.end({ timeout: 1 }).catch(() => undefined);
          throw asUnavailable(error);
        }
        await session.end({ timeout: 1 });
        return undefined;
      },
      close: () => client.end({ timeout: 5 }),
    },
    options,
  );
}

/**
 * A postgres.js pool whose every connection has `schema` first on its search_path (and,
 * for readOnly, default_transaction_read_only on, so the server itself refuses writes).
 */
export function openPostgresClient(
  url: string,
  options: {
    schema: string;
    max: number;
    readOnly?: boolean;
    statementTimeoutMs?: number;
    connectTimeoutMs?: number;
    onclose?: () => void;
  },
): postgres.Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new RangeError(`Schema name "${options.schema}" must be lower-case letters, digits and _`);
  }
  const connection: Record<string, string> = { search_path: options.schema };
  if (options.readOnly) connection.default_transaction_read_only = 'on';
  if (options.statementTimeoutMs) connection.statement_timeout = String(options.statementTimeoutMs);
  return postgres(url, {
    max: options.max,
    // postgres.js waits up to 30 s for a connection and backs off reconnects up to 20 s: a
    // database back after an outage would stay unused that long. Retry within half a second.
    connect_timeout: Math.max(1, Math.ceil((options.connectTimeoutMs ?? 30_000) / 1000)),
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 0.5),
    onclose: options.onclose,
    onnotice: () => {},
    // postgres.js asks each new connection for the server's array types, and a connection
    // dropped during that query (a database restart) rejected a promise nobody held — an
    // unhandled rejection that ends the process. We send and read no arrays: skip the query.
    fetch_types: false,
    connection,
    // Our statements pass jsonb parameters as JSON text: send them as they are (the default would
    // JSON-encode them again into a jsonb string). Results still parse into objects.
    types: {
      jsonText: { to: 3802, from: [114, 3802], serialize: (text: string) => text, parse: JSON.parse },
    },
  });
}

/** Statements on the pool or a transaction, as named prepared statements (planned once per connection). */
export function postgresSession(client: postgres.Sql | postgres.TransactionSql): SqlSession {
  return {
    query: async <Row>(statement: SQL) => {
      const { text, params } = toQuery(statement);
      return (await client.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: true,
      })) as unknown as Row[];
    },
  };
}

/** Creates the schema if missing and applies pending migrations, one instance at a time. */
async function migrateSchema(url: string, schema: string): Promise<void> {
  // One connection: the advisory lock, the schema and the migrations share the session.
  const client = openPostgresClient(url, { schema, max: 1 });
  try {
    await client`SELECT pg_advisory_lock(${lockSpace}, hashtext(${`migrate:${schema}`}))`;
    await client.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    // Loaded here, not with this module: a service on PGlite never needs them (see pglite.ts).
    const [{ drizzle }, { migrate }] = await Promise.all([
      import('drizzle-orm/postgres-js'),
      import('drizzle-orm/postgres-js/migrator'),
    ]);
    await migrate(drizzle({ client }), {
      migrationsFolder,
      // Test schemas keep their migration journal inside, so dropping the schema drops it too.
      migrationsSchema: schema === 'public' ? 'drizzle' : schema,
    });
  } finally {
    await client.end(); // ends the session, and so the advisory lock
  }
}
