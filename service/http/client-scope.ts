import type { MiddlewareHandler } from 'hono';
import { withClientSignal } from '../eventstore/client-scope.ts';

/**
 * Makes the request's abort signal (aborted when its client closes the connection) the one
 * the store checks before a write, see eventstore/client-scope.ts.
 */
export function clientScope(): MiddlewareHandler {
  return (c, next) => withClientSignal(c.req.raw.signal, next);
}
