import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { getMemoryEventStore } from '../eventstore/memory.ts';
import type { StoreOptions } from '../eventstore/options.ts';
import { getPGliteEventStore } from '../eventstore/pglite.ts';
import { getPostgresEventStore } from '../eventstore/postgres.ts';
import type { EventStore, ReadAllEvent, ReadAllOptions } from '../eventstore/types.ts';

/** What a test backend's store is opened with: the store's options, and PostgreSQL's waits (ignored elsewhere). */
export type TestStoreOptions = StoreOptions & { connectionWaitMs?: number; statementTimeoutMs?: number };

/** Test support: open a fresh store of each backend (PostgreSQL only when DATABASE_URL is set). */
export interface TestBackend {
  name: 'memory' | 'pglite' | 'postgres';
  open(options?: TestStoreOptions): Promise<EventStore>;
  /** Drops what open() created (the PostgreSQL test schemas). */
  cleanup(): Promise<void>;
}

export const databaseUrl = process.env.DATABASE_URL;

export function randomSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

export function memoryBackend(): TestBackend {
  return {
    name: 'memory',
    open: async (options) =>
      getMemoryEventStore({ projections: options?.projections, observer: options?.observer }),
    cleanup: async () => {},
  };
}

export function pgliteBackend(): TestBackend {
  return {
    name: 'pglite',
    open: (options) =>
      getPGliteEventStore({ projections: options?.projections, observer: options?.observer }),
    cleanup: async () => {},
  };
}

/** Each open() gets its own schema `t_<random>`; cleanup() drops them all. */
export function postgresBackend(url = databaseUrl ?? ''): TestBackend {
  const schemas: string[] = [];
  return {
    name: 'postgres',
    open: async (options) => {
      const schema = randomSchema();
      schemas.push(schema);
      return getPostgresEventStore({ url, schema, ...options });
    },
    cleanup: () => dropSchemas(url, schemas.splice(0)),
  };
}

export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const schema of schemas) await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await sql.end();
  }
}

/**
 * readAll until `ready(events)` holds (bounded). On PostgreSQL readAll holds back everything
 * newer than the oldest transaction running anywhere in the cluster — another test's open
 * transaction included — so a just-committed event may take a moment to show.
 */
export async function readAllWhen(
  store: Pick<EventStore, 'readAll'>,
  ready: (events: ReadAllEvent[]) => boolean,
  options: ReadAllOptions = {},
  timeoutMs = 10_000,
): Promise<ReadAllEvent[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const events = await store.readAll(options);
    if (ready(events) || performance.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
