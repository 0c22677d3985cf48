/**
 * The web UI is safe by default: it binds to this machine only; served beyond it, it asks
 * for a login (HTTP Basic, as Locust's --web-login); and a request that changes the run
 * must come from its own pages or from a script, never from another site's page.
 */
import type { MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { RunnerError } from '../errors.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface WebLogin {
  username: string;
  password: string;
}

/**
 * `--web-auth user:password` → the login; refuses a host beyond this machine without one.
 * @example checkWebBinding('0.0.0.0', 'admin:secret') // { username: 'admin', password: 'secret' }
 */
export function checkWebBinding(host: string, auth: string | undefined): WebLogin | undefined {
  const login = auth === undefined ? undefined : parseLogin(auth);
  if (!LOOPBACK.has(host) && login === undefined) {
    throw new RunnerError(`the web UI would be open to the network on ${host} without a login`, {
      code: 'WEB_AUTH_REQUIRED',
      where: '--web-host',
      hint: 'add --web-auth user:password, or leave --web-host at 127.0.0.1',
    });
  }
  return login;
}

function parseLogin(auth: string): WebLogin {
  const colon = auth.indexOf(':');
  if (colon <= 0 || colon === auth.length - 1) {
    throw new RunnerError('--web-auth must be user:password', {
      code: 'WEB_AUTH_INVALID',
      where: '--web-auth',
      hint: 'e.g. --web-auth admin:s3cret (both parts non-empty)',
    });
  }
  return { username: auth.slice(0, colon), password: auth.slice(colon + 1) };
}

/** HTTP Basic on every route when a login is set. */
export function loginCheck(login: WebLogin | undefined): MiddlewareHandler {
  if (login === undefined) return async (_c, next) => next();
  return basicAuth({ ...login, realm: 'journeys' });
}

/**
 * Requests that change the run (`POST` and Locust's `GET /stop`, `GET /stats/reset`) from a
 * browser page must come from this server's own origin. Scripts send no Origin and pass.
 */
export function originCheck(changesState: (method: string, path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    if (!changesState(c.req.method, c.req.path)) return next();
    const origin = c.req.header('origin');
    const own = `${new URL(c.req.url).protocol}//${c.req.header('host')}`;
    const site = c.req.header('sec-fetch-site');
    if ((origin !== undefined && origin !== own) || site === 'cross-site' || site === 'same-site') {
      return c.json(
        { success: false, message: `refused: request from another origin (${origin ?? site})` },
        403,
      );
    }
    return next();
  };
}
