import type { ReadAllEvent } from './types.ts';

/** The columns every event query selects, cast so both drivers return the same JavaScript values. */
export const eventColumns = `
  e.global_position::text AS global_position, e.transaction_id::text AS transaction_id, e.stream_id,
  e.stream_version, e.event_id::text AS event_id, e.type, e.data, e.metadata,
  (extract(epoch FROM e.created_at) * 1000)::float8 AS created_ms`;

export interface EventRow {
  global_position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  created_ms: number;
}

export function toEvent(row: EventRow): ReadAllEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    globalPosition: BigInt(row.global_position),
    transactionId: BigInt(row.transaction_id),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    createdAt: new Date(row.created_ms),
  };
}

/** Whether a database error (possibly wrapped by drizzle) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === '23505' && cause.message.includes(constraint)) return true;
  }
  return false;
}
