import { Readable } from 'node:stream';
import { Client } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';

const ROUNDS = 40;
const LIMIT = 64 * 1024;
const customer = (n: number) =>
  JSON.stringify({ external_id: `big-${n}`, email: 'big@example.com', first_name: 'B', last_name: 'G' });

describe('a body over the limit', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('pglite', { bodyLimitBytes: LIMIT });
  }, 180_000); // PGlite start-up takes long on a busy machine
  afterAll(() => service?.close());

  it(`gets 413 and leaves the connection usable: ${ROUNDS} oversize then normal POSTs on one socket`, async () => {
    // One connection, so every normal request rides the socket the oversize one used.
    const client = new Client(service.url, { pipelining: 1 });
    const statuses: string[] = [];
    let socketErrors = 0;
    try {
      for (let n = 0; n < ROUNDS; n++) {
        // Sizes from just over the limit to 16× it, with and without a declared length.
        const size = LIMIT + 1 + ((n * 97_331) % (LIMIT * 15));
        const bodies = [`{"pad":"${'x'.repeat(size)}"}`, customer(n)];
        for (const body of bodies) {
          try {
            const res = await client.request({
              method: 'POST',
              path: '/customers',
              headers: { 'content-type': 'application/json' },
              body: n % 4 === 3 && body.length > LIMIT ? Readable.from([Buffer.from(body)]) : body,
            });
            const text = await res.body.text();
            statuses.push(String(res.statusCode));
            if (res.statusCode === 413)
              expect(JSON.parse(text)).toEqual({ error: `Request body exceeds ${LIMIT} bytes` });
          } catch (error) {
            socketErrors++;
            statuses.push((error as { code?: string }).code ?? String(error));
          }
        }
      }
    } finally {
      await client.close();
    }
    reportFigures('oversize body then normal request', {
      tries: ROUNDS,
      held: statuses.filter((s) => s === '201').length,
      'socket errors': socketErrors,
    });
    expect(statuses).toEqual(Array.from({ length: ROUNDS }, () => ['413', '201']).flat());
  });

  it('too large to drain (over 8× the limit): 413 with Connection: close, and the next request still succeeds', async () => {
    const client = new Client(service.url, { pipelining: 1 });
    try {
      const big = await client.request({ method: 'POST', path: '/customers', body: 'x'.repeat(LIMIT * 9) });
      await big.body.text();
      expect(big.statusCode).toBe(413);
      expect(big.headers.connection).toBe('close');
      const next = await client.request({ method: 'POST', path: '/customers', body: customer(-1) });
      await next.body.text();
      expect(next.statusCode).toBe(201);
    } finally {
      await client.close();
    }
  });
});
