import type { Handler } from 'hono';
import type { ServiceContext } from '../context.ts';

/** /health answers within this even when the database does not. */
export const HEALTH_DEADLINE_MS = 1000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * `GET /health`: 200 `{status:"ok", backend, pid, subscribers}` when the store answers the
 * subscriber lag queries, else — at once or after HEALTH_DEADLINE_MS — 503
 * `{status:"unavailable", backend, pid, reason}` with Retry-After, so a load balancer or a
 * runner's probe sees an outage instead of a hanging check.
 *
 * @example
 * app.get('/health', health(ctx, () => subscriberLags(ctx)));
 */
export function health(ctx: ServiceContext, subscribers: () => Promise<unknown>): Handler {
  return async (c) => {
    // pid: which process answered (several serve one database with WORKERS or many instances).
    const who = { backend: ctx.store.backend, pid: process.pid };
    try {
      return c.json({ status: 'ok', ...who, subscribers: await within(subscribers(), HEALTH_DEADLINE_MS) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      c.header('Retry-After', '1');
      return c.json({ status: 'unavailable', ...who, reason }, 503);
    }
  };
}
