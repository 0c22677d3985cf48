import { CasingCache } from 'drizzle-orm/casing';
import type { BuildQueryConfig, SQL } from 'drizzle-orm/sql/sql';

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

/**
 * PostgreSQL's spelling of a statement: what drizzle's `PgDialect.sqlToQuery` passes, without
 * loading `drizzle-orm/pg-core` (53 modules, each of which makes Node read drizzle's 178 KB
 * `package.json` again: ~0.3 CPU-s of the service's start). Our statements are `sql`
 * templates with values, never columns of a table, so no column typing is needed.
 */
const postgresSpelling: BuildQueryConfig = {
  casing: new CasingCache(),
  escapeName: (name) => `"${name.replaceAll('"', '""')}"`,
  escapeParam: (index) => `$${index + 1}`,
  escapeString: (text) => `'${text.replaceAll("'", "''")}'`,
};

/**
 * drizzle's `sql` template as text and parameters, so the drivers can run it as a prepared
 * statement (drizzle's own execute() re-plans every call; our statements' text is fixed).
 */
export function toQuery(statement: SQL): { text: string; params: unknown[] } {
  const { sql, params } = statement.toQuery(postgresSpelling);
  return { text: sql, params };
}
