/**
 * The web UI is safe by default: it binds to this machine only; served beyond it, it asks
 * for a login (HTTP Basic, as Locust's --web-login); it answers only to the names it is
 * served under (a page of another site whose name was pointed at this machine — DNS
 * rebinding — is refused, whatever Origin it sends); no other site may frame it; and a
 * request that changes the run must come from its own pages or from a script, never from
 * another site's page.
 */
import { hostname as machineName, networkInterfaces } from 'node:os';
import type { MiddlewareHandler } from 'hono';
import { basicAuth } from 'hono/basic-auth';
import { secureHeaders } from 'hono/secure-headers';
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

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * The host names the UI answers to: loopback's, the bound address, and `extra`
 * (`--web-allowed-hosts`, for a DNS name or a proxy in front). Bound to every interface, also
 * the machine's name and its interfaces' addresses.
 * @example allowedHosts('127.0.0.1', []) // Set { '127.0.0.1', '::1', 'localhost' }
 */
export function allowedHosts(bound: string, extra: readonly string[]): Set<string> {
  const names = new Set([...LOOPBACK, ...extra.map((name) => name.trim().toLowerCase()).filter(Boolean)]);
  if (!WILDCARDS.has(bound)) names.add(bound.toLowerCase());
  else {
    names.add(machineName().toLowerCase());
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase());
  }
  return names;
}

/** `example.com:8089` → `example.com`; `[::1]:8089` → `::1`; undefined for a malformed header. */
export function hostName(header: string): string | undefined {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]\s]+))(?::\d{1,5})?$/i.exec(header.trim());
  return match ? (match[1] ?? match[2]).toLowerCase() : undefined;
}

/**
 * Every request must name one of `allowed` in its Host header (OWASP's defence against DNS
 * rebinding: the attacker controls the name and the Origin, not the Host this UI is served under).
 */
export function hostCheck(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('host') ?? '';
    const name = hostName(header);
    if (name === undefined || !allowed.has(name)) {
      return c.json(
        {
          success: false,
          message: `refused: Host ${JSON.stringify(header)} is not a name this web UI is served under (add it with --web-allowed-hosts)`,
        },
        403,
      );
    }
    return next();
  };
}

/**
 * Headers on every answer: no site may frame the UI (X-Frame-Options for old browsers,
 * frame-ancestors for the rest), so a framing page cannot trick a click into starting a run;
 * plus the usual hardening of a local web UI (nosniff, no referrer, same-origin resources).
 */
export function frameGuard(): MiddlewareHandler {
  return secureHeaders({
    xFrameOptions: 'DENY',
    contentSecurityPolicy: { frameAncestors: ["'none'"] },
    strictTransportSecurity: false, // served over plain HTTP on loopback
  });
}
