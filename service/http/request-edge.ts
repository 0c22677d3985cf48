import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { BadRequestError } from '../errors.ts';

/** C0 and C1 control characters and DEL: never part of a name, a path or an id. */
export const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * What every request must be before a route sees it. One Host header: Node's parser keeps the
 * first of two and drops the other, so a proxy that routed by the second and this service
 * would disagree about where the request went (RFC 9112 §3.2 answers 400). And a path whose
 * decoded form carries a control character (`%0D%0A` in an id) is refused as malformed, not
 * looked up.
 *
 * @example app.use(requestEdge());
 */
export function requestEdge(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming) {
      let hosts = 0;
      for (let i = 0; i < incoming.rawHeaders.length; i += 2)
        if (incoming.rawHeaders[i].toLowerCase() === 'host') hosts++;
      if (hosts > 1) throw new BadRequestError('More than one Host header');
    }
    const path = new URL(c.req.url).pathname;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new BadRequestError('The path is not valid percent-encoded UTF-8');
    }
    if (CONTROL_CHARACTER.test(decoded)) throw new BadRequestError('The path contains a control character');
    return next();
  };
}
