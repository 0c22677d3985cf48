import { type SQL, sql } from 'drizzle-orm/sql/sql';
import type { ExpectedVersion, NewEvent } from './types.ts';

/**
 * One statement that checks the expected version and writes the events: the `streams` row
 * is bumped only if the expectation holds (a conditional UPDATE, or INSERT … ON CONFLICT),
 * and the events are inserted only if it was. Concurrent writers serialize on that row, so
 * exactly one of two appends at the same version wins. Events whose id is already stored
 * are left out (idempotent re-append).
 */
export function appendStatement(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
): SQL {
  const json = JSON.stringify(
    events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })),
  );
  return sql`
    WITH input AS (
      SELECT (e->>'id')::uuid AS event_id, e->>'type' AS type, e->'data' AS data, e->'metadata' AS metadata, n
      FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS t(e, n)
    ), fresh AS (
      SELECT input.*, row_number() OVER (ORDER BY n) - 1 AS k FROM input
      -- A scalar subquery, not NOT EXISTS: the planner cannot turn it into a hash anti-join over
      -- all events, which a cached generic plan would otherwise keep doing as the log grows.
      WHERE (SELECT 1 FROM events WHERE events.event_id = input.event_id) IS NULL
    ), counted AS (
      SELECT count(*)::int AS c FROM fresh
    ), bumped AS (
      ${bumpStream(streamId, expected)}
    ), inserted AS (
      INSERT INTO events (stream_id, stream_version, event_id, type, data, metadata)
      SELECT ${streamId}, bumped.version - counted.c + 1 + fresh.k, fresh.event_id, fresh.type, fresh.data, fresh.metadata
      FROM fresh, bumped, counted ORDER BY fresh.n
      RETURNING global_position, transaction_id, stream_version, event_id, created_at
    )
    SELECT counted.c AS fresh,
      i.global_position::text AS global_position, i.transaction_id::text AS transaction_id, i.stream_version,
      i.event_id::text AS event_id, (extract(epoch FROM i.created_at) * 1000)::float8 AS created_ms
    FROM counted
    LEFT JOIN inserted i ON true
    ORDER BY i.global_position`;
}

function bumpStream(streamId: string, expected: ExpectedVersion): SQL {
  if (expected === 'any') {
    return sql`INSERT INTO streams (stream_id, version) SELECT ${streamId}, c - 1 FROM counted WHERE c > 0
      ON CONFLICT (stream_id) DO UPDATE SET version = streams.version + excluded.version + 1 RETURNING version`;
  }
  if (expected === 'no_stream' || expected === -1) {
    return sql`INSERT INTO streams (stream_id, version) SELECT ${streamId}, c - 1 FROM counted WHERE c > 0
      ON CONFLICT (stream_id) DO NOTHING RETURNING version`;
  }
  const exact = expected === 'stream_exists' ? sql`` : sql`AND streams.version = ${expected}`;
  return sql`UPDATE streams SET version = streams.version + counted.c FROM counted
    WHERE streams.stream_id = ${streamId} AND counted.c > 0 ${exact} RETURNING streams.version`;
}

export interface AppendRow {
  fresh: number;
  global_position: string | null;
  transaction_id: string | null;
  stream_version: number | null;
  event_id: string | null;
  created_ms: number | null;
}
