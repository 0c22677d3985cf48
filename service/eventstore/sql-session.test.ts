import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm/sql/sql';
import { describe, expect, it } from 'vitest';
import { toQuery } from './sql-session.ts';

describe('toQuery', () => {
  it('spells statements as drizzle’s PostgreSQL dialect does', () => {
    const dialect = new PgDialect();
    const statements = [
      sql`SELECT data FROM documents WHERE collection = ${'orders'} AND id = ${"o'1"}`,
      sql`SELECT ${sql.raw('e.type, e.data')} FROM events e WHERE e.stream_id IN ${sql`(${1}, ${2n})`}`,
      sql`SELECT ${sql.identifier('we"ird')} FROM ${sql.identifier('events')} LIMIT ${10}`,
      sql.raw('TRUNCATE events RESTART IDENTITY'),
      sql`UPDATE documents SET data = ${JSON.stringify({ a: 1 })}::jsonb WHERE ${sql.join([sql`id = ${'a'}`, sql`collection = ${'b'}`], sql` AND `)}`,
    ];
    for (const statement of statements) {
      const { sql: text, params } = dialect.sqlToQuery(statement);
      expect(toQuery(statement)).toEqual({ text, params });
    }
  });
});
