/**
 * The master's one HTTP port (Hono on @hono/node-server, as the web UI): `POST /join` and
 * `POST /poll`, JSON both ways, each behind the shared token when there is one.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { RunnerError } from '../errors.ts';
import type { JoinRequest, PollRequest } from './protocol.ts';
import { JoinRefused, type WorkerRegistry } from './worker-registry.ts';

export interface MasterServer {
  url: string;
  close(): Promise<void>;
}

const sameToken = (given: string, token: string) =>
  given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));

/** True when only this machine can reach the address. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * @example const server = await serveMaster(registry, { host: '127.0.0.1', port: 5557 });
 */
export async function serveMaster(
  registry: WorkerRegistry,
  options: { host: string; port: number; token?: string },
): Promise<MasterServer> {
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (options.token === undefined) return next();
    const given = c.req.header('authorization')?.replace(/^Bearer /, '') ?? '';
    if (!sameToken(given, options.token))
      return c.json({ error: 'wrong or missing token: give the worker the master’s --master-token' }, 401);
    return next();
  });
  app.post('/join', async (c) => {
    try {
      return c.json(registry.join((await c.req.json()) as JoinRequest));
    } catch (error) {
      if (error instanceof JoinRefused) return c.json({ error: error.message }, error.status);
      throw error;
    }
  });
  app.post('/poll', async (c) => {
    const answer = registry.poll((await c.req.json()) as PollRequest);
    return answer
      ? c.json(answer)
      : c.json({ error: 'unknown or lost worker: the run goes on without it' }, 410);
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new RunnerError(
          `cannot serve the master on ${options.host}:${options.port}: ${error.code ?? error.message}`,
          {
            code: 'MASTER_LISTEN',
            where: '--master-bind-port',
            hint:
              error.code === 'EADDRINUSE'
                ? 'another process uses the port: pick another'
                : 'check --master-bind-host',
          },
        ),
      ),
    );
  });
  const address = server.address() as AddressInfo;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
