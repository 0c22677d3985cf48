import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { rawExchange } from '../testing/raw-http.ts';

// Short limits so the test is quick; the defaults (10 s, 30 s, 65 s) are checked in
// service/http/server-timeouts.test.ts.
const HEADERS_MS = 1000;
const REQUEST_MS = 2000;
const KEEP_ALIVE_MS = 1000;
const BOUND_MS = 8000;

/** Writes `text` one byte every `everyMs` until the socket closes or `BOUND_MS` passes. */
async function dribble(socket: import('node:net').Socket, text: string, everyMs: number): Promise<void> {
  const started = performance.now();
  for (const byte of text) {
    if (socket.destroyed || socket.writableEnded || performance.now() - started > BOUND_MS) return;
    socket.write(byte);
    await sleep(everyMs);
  }
}

describe('slow clients are cut off by the server timeouts', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('pglite', {
      headersTimeoutMs: HEADERS_MS,
      requestTimeoutMs: REQUEST_MS,
      keepAliveTimeoutMs: KEEP_ALIVE_MS,
    });
  }, 180_000); // PGlite start-up takes long on a busy machine
  afterAll(() => service?.close());

  it('a body sent at a byte per 100 ms gets 408 and the connection closed at the request timeout', async () => {
    const body = '{"external_id":"slow","email":"s@example.com","first_name":"S","last_name":"W"}'.padEnd(
      400,
    );
    const head = `POST /customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = await rawExchange(
      service.url,
      async (socket) => {
        socket.write(head);
        await dribble(socket, body, 100); // 40 s if it were let through
      },
      BOUND_MS,
    );
    reportFigures('slow body', {
      tries: 1,
      status: String(slow.status),
      'closed after (ms)': Math.round(slow.closedAfterMs ?? -1),
    });
    expect(slow.status).toBe(408);
    expect(slow.closedAfterMs).toBeDefined();
    expect(slow.closedAfterMs).toBeLessThan(BOUND_MS);
  });

  it('headers sent at a byte per 50 ms (slowloris) get 408 and the connection closed at the headers timeout', async () => {
    const slow = await rawExchange(
      service.url,
      (socket) => dribble(socket, `GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(200)}\r\n\r\n`, 50),
      BOUND_MS,
    );
    reportFigures('slow headers', {
      tries: 1,
      status: String(slow.status),
      'closed after (ms)': Math.round(slow.closedAfterMs ?? -1),
    });
    expect(slow.status).toBe(408);
    expect(slow.closedAfterMs).toBeLessThan(BOUND_MS);
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout, not held open', async () => {
    const idle = await rawExchange(
      service.url,
      (socket) => void socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'),
      BOUND_MS,
    );
    expect(idle.status).toBe(200);
    expect(idle.text).toMatch(/Keep-Alive: timeout=1/i);
    expect(idle.closedAfterMs).toBeLessThan(BOUND_MS);
  });
});
