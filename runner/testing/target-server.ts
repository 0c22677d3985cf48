import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP target for the runner's tests, on 127.0.0.1 and an ephemeral port. */
export interface TargetServer {
  url: string;
  /** Requests answered, by path without query (`/ok`, `/slow`, `/fail`, `/conflict`). */
  served: Map<string, number>;
  /** Requests received (including those whose answer was cut off), by path. */
  received: Map<string, number>;
  /** Paths that answer 500 for now (a target that got worse, e.g. for `report compare`). */
  failing: Set<string>;
  /** When each request arrived (`performance.now()` of the server), in order, with its path. */
  arrivals: { path: string; at: number }[];
  /** Forgets what was served and received and which paths fail: each test starts afresh. */
  reset(): void;
  close(): Promise<void>;
}

export interface TargetServerOptions {
  /**
   * Answer 200 `{"ok":true}` on any other path instead of 404: the shop of runner/testing/users
   * (`/`, `/items/7`, `/setup`, `/items/item-10/reserve`) and `/health`.
   */
  answerEveryPath?: boolean;
  /** The address to listen on; default 127.0.0.1 (a test's own network namespace address otherwise). */
  host?: string;
}

/** What a reverse proxy answers when the service behind it is down: HTML over many lines. */
const ERROR_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title><style>body { color: red; }</style></head>
<body>
  <center><h1>502   Bad Gateway</h1></center>
  <hr><center>nginx &amp; friends</center>
</body>
</html>
`;

/**
 * Routes: `/ok` 200 JSON (echoes the query and the `x-user` header), `/text` 200 plain text,
 * `/slow?ms=N` 200 after N ms, `/fail` 500, `/conflict` 409, `/error-page` 502 with a proxy's
 * HTML error page; any path in `failing` 500.
 */
export async function startTargetServer(options: TargetServerOptions = {}): Promise<TargetServer> {
  const served = new Map<string, number>();
  const received = new Map<string, number>();
  const failing = new Set<string>();
  const arrivals: { path: string; at: number }[] = [];
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    bump(received, path);
    if (arrivals.length < 10_000) arrivals.push({ path, at: performance.now() });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (status: number, body: string, type = 'application/json') => {
        if (res.destroyed) return;
        bump(served, path);
        res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      const echo = {
        query: Object.fromEntries(url.searchParams),
        user: req.headers['x-user'] ?? null,
        contentType: req.headers['content-type'] ?? null,
        body: Buffer.concat(chunks).toString(),
      };
      if (failing.has(path)) answer(500, '{"error":"failing"}');
      else if (path === '/ok') answer(200, JSON.stringify(echo));
      else if (path === '/text') answer(200, 'plain text', 'text/plain');
      else if (path === '/slow')
        setTimeout(() => answer(200, '{"slow":true}'), Number(url.searchParams.get('ms') ?? 100));
      else if (path === '/fail') answer(500, JSON.stringify({ error: 'x'.repeat(300) }));
      else if (path === '/conflict') answer(409, '{"error":"conflict"}');
      else if (path === '/error-page') answer(502, ERROR_PAGE, 'text/html');
      else if (options.answerEveryPath) answer(200, '{"ok":true}');
      else answer(404, '{"error":"not found"}');
    });
  });
  server.keepAliveTimeout = 60_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    served,
    received,
    failing,
    arrivals,
    reset() {
      served.clear();
      received.clear();
      failing.clear();
      arrivals.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
