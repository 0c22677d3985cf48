import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/** Somewhere to run a statement: the pool, PGlite's queue, or an open transaction. */
export interface SqlSession {
  query<Row>(statement: SQL): Promise<Row[]>;
}

/** A PostgreSQL-speaking backend as the shared store code sees it (see pglite.ts, postgres.ts). */
export interface SqlConnection extends SqlSession {
  backend: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: it commits when `work` resolves, rolls back when it throws. */
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  tryLockSubscriber(name: string): Promise<import('./internals.ts').SubscriberLock | undefined>;
  close(): Promise<void>;
}

const dialect = new PgDialect();

/**
 * drizzle's `sql` template as text and parameters, so the drivers can run it as a prepared
 * statement (drizzle's own execute() re-plans every call; our statements' text is fixed).
 */
export function toQuery(statement: SQL): { text: string; params: unknown[] } {
  const { sql, params } = dialect.sqlToQuery(statement);
  return { text: sql, params };
}
