import { sql } from 'drizzle-orm/sql/sql';
import type { SqlSession } from './sql-session.ts';
import type { DocumentWriter, JsonObject } from './types.ts';

/**
 * Read models in the `documents` table through `session` — the pool for queries, the
 * append's transaction for inline projections. Ids are ordered bytewise (COLLATE "C"), as
 * in memory.
 */
export function sqlDocuments(session: SqlSession): DocumentWriter {
  return {
    get: async <T extends JsonObject>(collection: string, id: string) => {
      const [row] = await session.query<{ data: T }>(
        sql`SELECT data FROM documents WHERE collection = ${collection} AND id = ${id}`,
      );
      return row?.data;
    },
    find: async <T extends JsonObject>(
      collection: string,
      filter: JsonObject = {},
      page: { offset: number; limit: number } = { offset: 0, limit: 2 ** 31 - 1 },
    ) => {
      const [row] = await session.query<{ total: number; items: T[] }>(sql`
        WITH matches AS (
          SELECT id, data FROM documents WHERE collection = ${collection} AND data @> ${JSON.stringify(filter)}::jsonb
        )
        SELECT (SELECT count(*)::int FROM matches) AS total,
          coalesce((SELECT jsonb_agg(data ORDER BY id COLLATE "C") FROM (
            SELECT id, data FROM matches ORDER BY id COLLATE "C" OFFSET ${page.offset} LIMIT ${page.limit}
          ) page), '[]'::jsonb) AS items`);
      return { items: row.items, total: row.total };
    },
    put: async (collection, id, doc) => {
      await session.query(sql`
        INSERT INTO documents (collection, id, data) VALUES (${collection}, ${id}, ${JSON.stringify(doc)}::jsonb)
        ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data`);
    },
    delete: async (collection, id) => {
      await session.query(sql`DELETE FROM documents WHERE collection = ${collection} AND id = ${id}`);
    },
  };
}
