import type { Context, MiddlewareHandler } from 'hono';
import { PayloadTooLargeError } from '../errors.ts';

/** How much of an oversize body we read and drop so the connection stays usable, as a multiple of the limit. */
const DRAIN_FACTOR = 8;

async function discard(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<boolean> {
  let left = budget;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return true;
    left -= value.length;
    if (left < 0) {
      await reader.cancel().catch(() => undefined);
      return false;
    }
  }
}

function tooLarge(c: Context, limit: number, drained: boolean): never {
  // Not drained: the rest of the body is still on the wire, so this connection cannot carry
  // another request. Saying so lets the client open a new one instead of writing into a socket
  // we are about to close.
  if (!drained) c.header('Connection', 'close');
  throw new PayloadTooLargeError(limit);
}

/**
 * Refuses bodies over `limit` bytes with 413, declared (Content-Length) or streamed (chunked).
 * An oversize body up to 8× the limit is read to its end and dropped before the answer, so the
 * keep-alive connection serves the client's next request; a larger one is answered at once with
 * `Connection: close`. Closing without that header (what a plain body limit does) left clients
 * writing their next request into a dead socket.
 *
 * @example
 * app.use(bodyLimit(ctx.config.bodyLimitBytes));
 */
export function bodyLimit(limit: number): MiddlewareHandler {
  const drainBudget = limit * DRAIN_FACTOR;
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      const length = Number(declared);
      if (length <= limit) return next();
      const drained = length <= drainBudget && (await discard(body.getReader(), drainBudget));
      return tooLarge(c, limit, drained);
    }
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) return tooLarge(c, limit, await discard(reader, drainBudget - size));
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
    return next();
  };
}
