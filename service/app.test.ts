import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from './eventstore/types.ts';
import { withReadBarrier } from './testing/read-barrier.ts';
import { startTestService, type TestService, testBackends } from './testing/test-service.ts';

const customer = () => ({
  external_id: crypto.randomUUID(),
  email: 'edge@example.com',
  first_name: 'E',
  last_name: 'Dge',
});

describe.each(testBackends())('HTTP edge on %s', (backend) => {
  let service: TestService;
  let barrier: ReturnType<typeof withReadBarrier>;
  const logged: { message: string; fields?: JsonObject }[] = [];
  beforeAll(async () => {
    service = await startTestService(
      backend,
      { maxRetries: 0, bodyLimitBytes: 64 * 1024 },
      {
        wrapStore: (store) => {
          barrier = withReadBarrier(store);
          const readStream = barrier.readStream;
          barrier.readStream = async (streamId, options) => {
            if (streamId.startsWith('Customer-boom')) throw new Error('secret database detail');
            return readStream(streamId, options);
          };
          return barrier;
        },
        log: (_level, message, fields) => logged.push({ message, fields }),
      },
    );
  });
  afterAll(() => service?.close());
  const url = (path: string) => `${service.url}${path}`;

  it('answers CORS preflights and marks every response for any origin', async () => {
    const preflight = await fetch(url('/customers'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://elsewhere', 'Access-Control-Request-Method': 'POST' },
    });
    await preflight.arrayBuffer();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect((await service.api.get('/health')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('echoes X-Request-ID and generates one when absent', async () => {
    expect((await service.api.get('/health', { 'X-Request-ID': 'req-42' })).headers.get('x-request-id')).toBe(
      'req-42',
    );
    expect((await service.api.get('/health')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await service.api.put('/customers/nope/close', undefined, { 'X-Request-ID': 'req-43' });
    expect(refused.status).toBe(404);
  });

  it('puts the request id into 400 bodies as correlation_id', async () => {
    const body = customer();
    await service.api.post('/customers', body);
    const again = await service.api.post('/customers', body, { 'X-Request-ID': 'dup-1' });
    expect(again.status).toBe(400);
    expect(again.body.correlation_id).toBe('dup-1');
  });

  it('refuses bodies over the limit with 413 JSON, with or without Content-Length', async () => {
    const big = JSON.stringify({ ...customer(), first_name: 'x'.repeat(70 * 1024) });
    const sized = await service.api.post('/customers', big);
    expect(sized.status).toBe(413);
    expect(sized.body.error).toMatch(/exceeds 65536 bytes/);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await fetch(url('/customers'), {
      method: 'POST',
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: expect.any(String) });
  });

  it('answers malformed, empty and non-object bodies with 422 detail', async () => {
    const bad = await service.api.post('/customers', '{"external_id": ');
    expect(bad.status).toBe(422);
    expect(bad.body.detail[0]).toMatchObject({ loc: ['body'], type: 'json_invalid' });
    const empty = await service.api.post('/customers', '');
    expect(empty.body.detail).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
    for (const body of ['[1,2]', '"text"', 'null', '42', 'true']) {
      const res = await service.api.post('/customers', body);
      expect(res.status, body).toBe(422);
      expect(res.body.detail[0].type).toBe('dict_type');
    }
    const nul = await service.api.post('/customers', { ...customer(), first_name: 'a\u0000b' });
    expect(nul.status).toBe(422);
    expect(nul.body.detail[0].loc).toEqual(['body', 'first_name']);
    const surrogate = await service.api.post('/customers', { ...customer(), first_name: 'a\ud800b' });
    expect(surrogate.body.detail[0]).toMatchObject({ loc: ['body', 'first_name'], type: 'string_unicode' });
    const deep = await service.api.post(
      '/products',
      `{"sku":"AAA","title":"t","attributes":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
    );
    expect(deep.status).toBe(422);
    const huge = await service.api.post('/payments', '{"amount": 1e400}');
    expect(huge.status).toBe(422);
  });

  it('answers unknown routes with 404 JSON', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['DELETE', '/customers/x'],
      ['POST', '/health'],
    ]) {
      const res = await service.api.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: expect.stringContaining('Not found') });
    }
  });

  it('turns an unexpected error into a bare 500 and logs it', async () => {
    const res = await service.api.get('/customers/boom', { 'X-Request-ID': 'boom-1' });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'Internal server error' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    const entry = logged.find((l) => l.fields?.request_id === 'boom-1');
    expect(String(entry?.fields?.error)).toContain('secret database detail');
  });

  it('surfaces a version conflict as 409 once retries are spent (MAX_RETRIES=0)', async () => {
    const id = (await service.api.post('/customers', customer())).body.customer_id;
    barrier.arm(5);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        service.api.put(`/customers/${id}/profile`, { first_name: `N${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toEqual({ error: expect.any(String) });
  });

  it('reports health and Prometheus metrics', async () => {
    const health = await service.api.get('/health');
    expect(health.body).toEqual({
      status: 'ok',
      backend,
      pid: process.pid,
      subscribers: expect.any(Object),
    });
    const metrics = await fetch(url('/metrics'));
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain('journeys_eventstore_append_duration_seconds_count');
    expect(text).toContain('journeys_eventstore_conflicts_total 4');
  });
});
