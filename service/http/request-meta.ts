import type { Context } from 'hono';
import type { JsonObject } from '../eventstore/types.ts';

/**
 * Event metadata for a command made by this request: the request id travels with the events
 * as `correlation_id`, so a log line, an error body and the stored events can be joined.
 */
export function commandMetadata(c: Context): JsonObject {
  const requestId = c.get('requestId') as string | undefined;
  return requestId ? { correlation_id: requestId } : {};
}

/** Current time as the ISO string deciders record (commands carry time; deciders stay pure). */
export function now(): string {
  return new Date().toISOString();
}
