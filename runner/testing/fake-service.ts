/**
 * A stand-in for `service/server.ts` with the same start-up contract (PORT, the ready
 * line on stdout, SIGTERM), for the runner's tests of the embedded-service mode.
 * `FAKE_SERVICE_MODE=silent` never prints the ready line; `=crash` exits at once.
 * `FAKE_SERVICE_READY_DELAY_MS` delays the ready line (a slow start, as PGlite's);
 * `FAKE_SERVICE_PID_FILE` receives the pid at once (so tests can check it is gone).
 * `FAKE_SERVICE_CHILD_CPU_MS` first runs a child process that spins that much CPU, and waits
 * for it (as the real service makes its database dump in a short-lived child).
 * `GET /env` answers with the database settings it was started with.
 * SIGINT keeps Node's default: it kills the process, as a terminal's Ctrl-C would.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const mode = process.env.FAKE_SERVICE_MODE ?? '';
if (process.env.FAKE_SERVICE_PID_FILE) writeFileSync(process.env.FAKE_SERVICE_PID_FILE, String(process.pid));
const readyDelayMs = Number(process.env.FAKE_SERVICE_READY_DELAY_MS ?? 0);
const childCpuMs = Number(process.env.FAKE_SERVICE_CHILD_CPU_MS ?? 0);
if (childCpuMs > 0) {
  // Spins on its own CPU clock, not the wall clock: on a busy machine it gets less CPU than time.
  const spin = `const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    while (cpuMs() < ${childCpuMs});`;
  execFileSync(process.execPath, ['-e', spin]);
}
if (mode === 'crash') {
  console.error('fake service: crashing on purpose');
  process.exit(7);
}

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    if (request.url === '/env') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({ DATABASE_URL: process.env.DATABASE_URL ?? null, DATA_DIR: process.env.DATA_DIR }),
      );
      return;
    }
    const status = request.url?.startsWith('/fail') ? 500 : 200;
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: status === 200 ? 'ok' : 'error', path: request.url }));
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  if (mode !== 'silent' && address && typeof address === 'object') {
    const ready = () => console.log(`journeys-service listening on http://127.0.0.1:${address.port}`);
    setTimeout(ready, readyDelayMs);
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
