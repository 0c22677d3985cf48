import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A target whose capacity is known: `slots` requests served at a time, each for `ms`; the rest
 * wait in line (`overflow: 'queue'`) or are refused at once with 503 (`'refuse'`).
 */
export interface CapacityServer {
  url: string;
  /** Requests answered. */
  served(): number;
  /** The most requests that were being served at once (never above `slots`). */
  mostAtOnce(): number;
  /** Requests refused with 503 (`overflow: 'refuse'`). */
  refused(): number;
  close(): Promise<void>;
}

/**
 * On 127.0.0.1, port 0. Every request (any path) takes a slot for `ms`, first come first
 * served. With N users and no think time: queued, the latency is `ms` while N ≤ slots and
 * about twice that for the users past it; refused, nothing fails while N ≤ slots whatever the
 * machine's speed (a user's next request comes after its answer, and the slot is free by
 * then), and past it the extra users' requests fail.
 * @example const server = await startCapacityServer({ slots: 4, ms: 100, overflow: 'queue' });
 */
export async function startCapacityServer(options: {
  slots: number;
  ms: number;
  overflow: 'queue' | 'refuse';
}): Promise<CapacityServer> {
  const waiting: (() => void)[] = [];
  let busy = 0;
  let most = 0;
  let served = 0;
  let refused = 0;
  const release = () => {
    busy--;
    const next = waiting.shift();
    if (next) next();
  };
  const server = createServer((req, res) => {
    req.resume();
    const serve = () => {
      busy++;
      most = Math.max(most, busy);
      setTimeout(() => {
        served++;
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        release();
      }, options.ms);
    };
    if (busy < options.slots) serve();
    else if (options.overflow === 'queue') waiting.push(serve);
    else {
      refused++;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"over capacity"}');
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: () => served,
    mostAtOnce: () => most,
    refused: () => refused,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
