/**
 * Test support: a target that is hostile in what it answers, on 127.0.0.1 and port 0 —
 * `/bytes?n=N` N bytes in 64 KiB chunks, `/endless` a chunked body that never ends (until
 * the client goes), `/hop/N` a chain of N redirects ending at `/landed`, `/loop/a` ⇄
 * `/loop/b` a redirect loop, `/see-other` a 303 to `/landed` (which echoes its method),
 * `/moved?to=URL` a 302 to anywhere. Anything else: 200 `{"ok":true}`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileTarget {
  url: string;
  /** Requests received, by path. */
  received: Map<string, number>;
  /** Bytes of body written so far by `/endless` and `/bytes`. */
  bytesSent(): number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** @example const target = await startHostileTarget(); await client.get(`${target.url}/endless`); */
export async function startHostileTarget(): Promise<HostileTarget> {
  const received = new Map<string, number>();
  let sent = 0;
  // Writes `left` bytes (Infinity: until the client goes), respecting back-pressure.
  const stream = (res: ServerResponse, left: number) => {
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
        left -= chunk.length;
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    received.set(path, (received.get(path) ?? 0) + 1);
    req.resume();
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { location, 'content-length': 0 });
      res.end();
    };
    if (path === '/bytes') {
      const n = Number(url.searchParams.get('n') ?? 0);
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': n });
      stream(res, n);
    } else if (path === '/endless') {
      res.writeHead(200, { 'content-type': 'application/json' });
      stream(res, Number.POSITIVE_INFINITY);
    } else if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      redirect(302, n > 1 ? `/hop/${n - 1}` : '/landed');
    } else if (path === '/loop/a') redirect(302, '/loop/b');
    else if (path === '/loop/b') redirect(301, '/loop/a');
    else if (path === '/see-other') redirect(303, '/landed');
    else if (path === '/moved') redirect(302, url.searchParams.get('to') ?? '/landed');
    else if (path === '/landed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, auth: req.headers.authorization ?? null }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
