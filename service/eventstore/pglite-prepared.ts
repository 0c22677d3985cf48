import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm/sql/sql';
import { type SqlSession, toQuery } from './sql-session.ts';

/**
 * Statements on PGlite's one connection as server-side prepared statements: PGlite's
 * query() parses and plans every call, which for our append costs several times its
 * execution in WebAssembly. The first use of a statement text runs `PREPARE`; later uses
 * run `EXECUTE name(literals)` (the EXECUTE command takes no bind parameters, so the values
 * go in as quoted literals). Prepared statements belong to the session, not to a
 * transaction, so a rollback keeps them. PREPARE takes only queries and DML: other
 * statements (LOCK, TRUNCATE — a reset's) go through PGlite's own query() as they are.
 */
export function preparedStatements(): (runner: Pick<PGlite, 'query' | 'exec'>) => SqlSession {
  const names = new Map<string, string>();
  return (runner) => ({
    query: async <Row>(statement: SQL) => {
      const { text, params } = toQuery(statement);
      if (!preparable.test(text)) return (await runner.query<Row>(text, params)).rows;
      let name = names.get(text);
      if (name === undefined) {
        name = `journeys_${names.size + 1}`;
        await runner.exec(`PREPARE ${name} AS ${text}`);
        names.set(text, name);
      }
      const call =
        params.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${params.map(literal).join(', ')})`;
      return (await runner.query<Row>(call)).rows;
    },
  });
}

const preparable = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|VALUES|MERGE)\b/i;

/** A parameter value as an SQL literal (standard_conforming_strings: only quotes need doubling). */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot send ${value} to PostgreSQL`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}
