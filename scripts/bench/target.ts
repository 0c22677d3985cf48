/**
 * The benchmark's target: a minimal keep-alive HTTP server on 127.0.0.1, run in its own
 * process so its CPU is not the generator's. `/` answers at once, `/delay` after 50 ms.
 * Prints `listening http://127.0.0.1:<port>` when ready; exits on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const BODY = 'ok';
const HEADERS = { 'content-type': 'text/plain', 'content-length': String(BODY.length) };
const DELAY_MS = 50;

const server = createServer((req, res) => {
  if (req.url === '/delay') {
    setTimeout(() => {
      res.writeHead(200, HEADERS);
      res.end(BODY);
    }, DELAY_MS);
  } else {
    res.writeHead(200, HEADERS);
    res.end(BODY);
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
