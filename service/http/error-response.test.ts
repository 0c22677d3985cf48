import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.ts';
import { DatabaseUnavailableError } from '../eventstore/database-unavailable.ts';
import { ExpectedVersionConflict } from '../eventstore/store-errors.ts';
import { errorResponse } from './error-response.ts';

const logged: string[] = [];
const app = new Hono();
app.get('/conflict', () => {
  throw new ExpectedVersionConflict('order-1', 3, 4);
});
app.get('/unavailable', () => {
  throw new DatabaseUnavailableError('connection refused');
});
app.get('/missing', () => {
  throw new NotFoundError('Order not found');
});
app.onError((error, c) => errorResponse(error, c, (level, message) => logged.push(`${level} ${message}`)));

let server: ReturnType<typeof serve>;
let base = '';
beforeAll(async () => {
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the HTTP edge maps store errors to statuses', () => {
  it('a version conflict is 409 with the store’s message', async () => {
    const response = await fetch(`${base}/conflict`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'Stream order-1 is at version 4, expected 3' });
  });

  it('an unavailable database is 503 with Retry-After', async () => {
    const response = await fetch(`${base}/unavailable`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      error: 'Database unavailable: connection refused; retry shortly',
    });
  });

  it('service errors keep their own status, and nothing above was logged as a bug', async () => {
    const response = await fetch(`${base}/missing`);
    expect(response.status).toBe(404);
    await response.body?.cancel();
    expect(logged).toEqual([]);
  });
});
