import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { ServiceProcess } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { ServiceError } from '../errors.ts';
import { resetService } from './reset-service.ts';

/** 401: an admin route called without `Authorization: Bearer <token>`. */
export class AdminTokenMissingError extends ServiceError {
  constructor() {
    super(401, 'ADMIN_TOKEN_MISSING', 'Admin routes need the header "Authorization: Bearer <ADMIN_TOKEN>"');
  }
}

/** 403: an admin route called with a token that is not the service's ADMIN_TOKEN. */
export class AdminTokenWrongError extends ServiceError {
  constructor() {
    super(403, 'ADMIN_TOKEN_WRONG', "The bearer token is not this service's ADMIN_TOKEN");
  }
}

/** Compares digests, so the time taken says nothing about how much of the token matched. */
function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The admin routes, mounted by createApp only when ADMIN_TOKEN is set (without it they do
 * not exist: 404 like any unknown path). `POST /admin/reset` empties the store and makes the
 * service as freshly started (see reset-service.ts); it answers 200 with what was removed.
 *
 * @example
 * // curl -X POST -H "Authorization: Bearer $ADMIN_TOKEN" http://127.0.0.1:8000/admin/reset
 * app.route('/', adminRoutes(ctx, token, processes));
 */
export function adminRoutes(ctx: ServiceContext, token: string, processes: readonly ServiceProcess[]): Hono {
  const app = new Hono();
  app.use('/admin/*', async (c, next) => {
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="journeys-admin"');
      throw new AdminTokenMissingError();
    }
    if (!sameToken(match[1], token)) throw new AdminTokenWrongError();
    await next();
  });
  app.post('/admin/reset', async (c) => {
    const reset = await resetService(ctx, processes);
    ctx.log('info', 'service reset', { ...reset.removed, took_ms: reset.tookMs });
    return c.json({ status: 'reset', backend: ctx.store.backend, ...reset });
  });
  return app;
}
