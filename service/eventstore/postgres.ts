import type { SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { InternalEventStore, SubscriberLock } from './internals.ts';
import type { StoreOptions } from './options.ts';
import { migrationsFolder } from './pglite.ts';
import { type SqlSession, toQuery } from './sql-session.ts';
import { createSqlEventStore } from './sql-store.ts';

export interface PostgresStoreOptions extends StoreOptions {
  url: string;
  /** Schema for the tables: created if missing, and every connection's search_path. Default 'public'. */
  schema?: string;
  /** Pool size. Default 10. */
  max?: number;
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
  const client = openPostgresClient(options.url, { schema, max: options.max ?? 10 });
  return createSqlEventStore(
    {
      backend: 'postgres',
      ...postgresSession(client),
      transaction: (work) =>
        client.begin((tx) => work(postgresSession(tx))) as Promise<Awaited<ReturnType<typeof work>>>,
      tryLockSubscriber: async (name): Promise<SubscriberLock | undefined> => {
        const key = `${schema}:${name}`;
        const connection = await client.reserve();
        try {
          const [row] =
            await connection`SELECT pg_try_advisory_lock(${lockSpace}, hashtext(${key})) AS locked`;
          if (row.locked) {
            return {
              release: async () => {
                try {
                  await connection`SELECT pg_advisory_unlock(${lockSpace}, hashtext(${key}))`;
                } finally {
                  connection.release();
                }
              },
            };
          }
        } catch (error) {
          connection.release();
          throw error;
        }
        connection.release();
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
  options: { schema: string; max: number; readOnly?: boolean },
): postgres.Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new RangeError(`Schema name "${options.schema}" must be lower-case letters, digits and _`);
  }
  const connection: Record<string, string> = { search_path: options.schema };
  if (options.readOnly) connection.default_transaction_read_only = 'on';
  return postgres(url, {
    max: options.max,
    onnotice: () => {},
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
    await migrate(drizzle({ client }), {
      migrationsFolder,
      // Test schemas keep their migration journal inside, so dropping the schema drops it too.
      migrationsSchema: schema === 'public' ? 'drizzle' : schema,
    });
  } finally {
    await client.end(); // ends the session, and so the advisory lock
  }
}
