/**
 * The small shop that the README's "write your own load test" example and the project of
 * `journeys init` are aimed at in tests: `GET /`, `GET /items` (a JSON list), `GET
 * /items/:id`, `POST /items/:id/buy` (201). Counts what it answered by route template, the
 * names the examples give their requests.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ItemsServer {
  url: string;
  /** Requests answered, by `METHOD template`: `GET /items/{id}`, `POST /items/{id}/buy`… */
  served: Map<string, number>;
  /** The runner's reachability probes (`user-agent: journeys (probe)`), kept out of `served`. */
  probes: number;
  close(): Promise<void>;
}

const ITEMS = [{ id: 'item-7' }, { id: 'item-8' }];

/** Starts it on 127.0.0.1 and an ephemeral port. */
export async function startItemsServer(): Promise<ItemsServer> {
  const served = new Map<string, number>();
  let probes = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const answer = (route: string, status: number, body: unknown) => {
      if (req.headers['user-agent'] === 'journeys (probe)') probes++;
      else served.set(route, (served.get(route) ?? 0) + 1);
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    req.resume();
    req.on('end', () => {
      const item = path.match(/^\/items\/([^/]+)(\/buy)?$/);
      if (req.method === 'GET' && path === '/') answer('GET /', 200, { shop: 'open' });
      else if (req.method === 'GET' && path === '/items') answer('GET /items', 200, ITEMS);
      else if (req.method === 'GET' && item && !item[2]) answer('GET /items/{id}', 200, { id: item[1] });
      else if (req.method === 'POST' && item?.[2]) answer('POST /items/{id}/buy', 201, { bought: item[1] });
      else answer(`${req.method} ${path}`, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    get probes() {
      return probes;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
