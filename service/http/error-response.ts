import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Log } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { ClientGoneError } from '../eventstore/client-scope.ts';
import { StoreError, type StoreErrorCode } from '../eventstore/store-errors.ts';

/** What a client sees of each store error: the store speaks of streams and databases, not HTTP. */
const STORE_STATUS: Record<Exclude<StoreErrorCode, 'CLIENT_GONE'>, number> = {
  EXPECTED_VERSION_CONFLICT: 409,
  DATABASE_UNAVAILABLE: 503,
};

/**
 * The one place errors become responses. A ServiceError answers its own status and body
 * (400 bodies carry the request id as `correlation_id`, as ShopStream's do); anything else is
 * a bug: logged here with its stack, answered as a bare 500 so no internals leak.
 */
export function errorResponse(error: unknown, c: Context, log: Log): Response {
  const requestId = c.get('requestId') as string | undefined;
  // A client that closed its connection is no server error, whatever broke for lack of it
  // (its body cut short, a write refused): 499 as nginx counts it, one quiet line.
  if (error instanceof ClientGoneError || c.req.raw.signal.aborted) {
    log('info', 'client closed request', {
      request_id: requestId ?? null,
      method: c.req.method,
      path: c.req.path,
    });
    return c.json({ error: 'Client closed request' }, 499 as 400);
  }
  if (error instanceof StoreError) {
    const status = STORE_STATUS[error.code as keyof typeof STORE_STATUS];
    // Nothing was applied: the client may retry in a second (RFC 9110 §10.2.3).
    if (status === 503) c.header('Retry-After', '1');
    return c.json({ error: error.message }, status as 400);
  }
  if (error instanceof ServiceError) {
    const body = error.toBody();
    if (error.status === 400 && requestId) body.correlation_id = requestId;
    if (error.status === 503) c.header('Retry-After', '1');
    return c.json(body, error.status as 400);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json({ error: error.message || 'Bad request' }, error.status);
  }
  log('error', 'unhandled error', {
    request_id: requestId ?? null,
    method: c.req.method,
    path: c.req.path,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  return c.json({ error: 'Internal server error' }, 500);
}
