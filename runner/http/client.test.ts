import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { Client } from './client.ts';
import { RequestCancelled, RequestFailed } from './client-errors.ts';
import { ConnectionPools } from './connection-pools.ts';

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

function recorded(recorder: StatsRecorder) {
  const snapshot = recorder.takeSnapshot();
  return {
    endpoints: snapshot.endpoints.map((e) => ({
      method: e.method,
      name: e.name,
      count: e.count,
      failures: e.failures,
    })),
    failures: snapshot.failures.map((f) => ({ name: f.name, error: f.error, occurrences: f.occurrences })),
  };
}

async function failureOf(promise: Promise<unknown>): Promise<RequestFailed> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestFailed);
  return error as RequestFailed;
}

describe('Client', () => {
  it('sends query, JSON body and merged headers, parses JSON, names stats by path without query', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder, headers: { 'x-user': 'default' } });
    const res = await client.post('/ok?fixed=1', { json: { a: 1 }, query: { b: 'x y', skip: undefined } });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(res.json).toEqual({
      query: { fixed: '1', b: 'x y' },
      user: 'default',
      contentType: 'application/json',
      body: '{"a":1}',
    });
    expect(res.elapsedMs).toBeGreaterThan(0);
    const named = await client.get('/ok', { name: 'GET ok', headers: { 'x-user': 'override' } });
    expect(named.json.user).toBe('override');
    expect(recorded(recorder).endpoints).toEqual([
      { method: 'POST', name: '/ok', count: 1, failures: 0 },
      { method: 'GET', name: 'GET ok', count: 1, failures: 0 },
    ]);
    await client.close();
  });

  it("reads a view's default headers on every request, so later changes apply", async () => {
    const client = new Client({ host: server.url });
    const user = { headers: { 'x-user': 'first' } };
    const view = client.view({ headers: () => user.headers });
    user.headers = { 'x-user': 'second' };
    expect((await view.get('/ok')).json.user).toBe('second');
    expect((await view.view({}).get('/ok')).json.user).toBe('second');
    expect((await client.get('/ok')).json.user).toBe(null);
    await client.close();
  });

  it('gives each view its own outcome counts over the shared pools, recorder and cancellation', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const userView = client.view({});
    const first = userView.view({ outcomes: new Map() });
    const second = userView.view({ outcomes: new Map() });
    await first.get('/conflict', { outcomes: { 409: 'conflict' } });
    await second.get('/conflict', { outcomes: { 409: 'conflict' } });
    await second.get('/conflict', { outcomes: { 409: 'lost' } });
    expect([...first.outcomes]).toEqual([['conflict', 1]]);
    expect([...second.outcomes]).toEqual([
      ['conflict', 1],
      ['lost', 1],
    ]);
    expect(userView.outcomes.size).toBe(0);
    expect(recorded(recorder).endpoints).toEqual([
      { method: 'GET', name: '/conflict', count: 3, failures: 0 },
    ]);
    client.cancel();
    expect(first.cancelled).toBe(true);
    await expect(second.get('/ok')).rejects.toMatchObject({ code: 'REQUEST_CANCELLED' });
    await client.close();
  });

  it('keeps a non-JSON body as text only', async () => {
    const client = new Client({ host: server.url });
    const res = await client.get('/text');
    expect(res.text).toBe('plain text');
    expect(res.json).toBeUndefined();
    await client.close();
  });

  it('records a status >= 400 once as a failure with the start of the body, and throws', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const error = await failureOf(client.get('/fail', { name: 'fail' }));
    expect(error.code).toBe('REQUEST_FAILED');
    expect(error.response?.status).toBe(500);
    expect(error.response?.ok).toBe(false);
    const expected = `HTTP 500: ${JSON.stringify({ error: 'x'.repeat(300) }).slice(0, 199)}…`;
    expect(error.failure).toBe(expected);
    expect(recorded(recorder)).toEqual({
      endpoints: [{ method: 'GET', name: 'fail', count: 1, failures: 1 }],
      failures: [{ name: 'fail', error: expected, occurrences: 1 }],
    });
    await client.close();
  });

  it('records an HTML error page as one line, in the failures table and the thrown message', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const error = await failureOf(client.get('/error-page', { name: 'page' }));
    expect(error.failure).toBe('HTTP 502: 502 Bad Gateway nginx & friends');
    expect(error.message).toBe('GET page: HTTP 502: 502 Bad Gateway nginx & friends');
    expect(recorded(recorder).failures).toEqual([{ name: 'page', error: error.failure, occurrences: 1 }]);
    const checked = await failureOf(client.get('/ok', { expect: () => 'line one\n  line two' }));
    expect(checked.failure).toBe('line one line two');
    await client.close();
  });

  it('honours expect as a status list and as a check (catch_response)', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    expect((await client.get('/conflict', { expect: [409] })).status).toBe(409);
    await failureOf(client.get('/ok', { expect: [201] }));
    const checked = await failureOf(
      client.get('/ok', { expect: (r) => (r.json.user === null ? 'no user' : true) }),
    );
    expect(checked.failure).toBe('no user');
    const refused = await failureOf(client.get('/ok', { name: 'refused', expect: () => false }));
    expect(refused.failure).toMatch(/^HTTP 200: /);
    expect((await client.get('/fail', { expect: () => undefined })).status).toBe(500);
    const { endpoints } = recorded(recorder);
    expect(endpoints).toEqual([
      { method: 'GET', name: '/conflict', count: 1, failures: 0 },
      { method: 'GET', name: '/ok', count: 2, failures: 2 },
      { method: 'GET', name: 'refused', count: 1, failures: 1 },
      { method: 'GET', name: '/fail', count: 1, failures: 0 },
    ]);
    await client.close();
  });

  it('counts statuses named in outcomes as successes and as outcomes', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const view = client.view({ outcomes: new Map() });
    const res = await view.get('/conflict', { outcomes: { 201: 'won', 409: 'conflict' }, expect: [201] });
    expect(res.outcome).toBe('conflict');
    expect(res.ok).toBe(true);
    await view.get('/conflict', { outcomes: { 409: 'conflict' } });
    expect([...view.outcomes]).toEqual([['conflict', 2]]);
    expect(recorded(recorder).endpoints).toEqual([
      { method: 'GET', name: '/conflict', count: 2, failures: 0 },
    ]);
    await client.close();
  });

  it('records a connection error by its code', async () => {
    const port = await closedPort();
    const recorder = new StatsRecorder();
    const client = new Client({ host: `http://127.0.0.1:${port}`, recorder });
    const error = await failureOf(client.get('/x'));
    expect(error.failure).toBe('ECONNREFUSED');
    expect(recorded(recorder).failures).toEqual([{ name: '/x', error: 'ECONNREFUSED', occurrences: 1 }]);
    await client.close();
  });

  it('fails a request that exceeds timeoutMs', async () => {
    const client = new Client({ host: server.url });
    const error = await failureOf(client.get('/slow', { query: { ms: 1000 }, timeoutMs: 200 }));
    expect(error.failure).toBe('UND_ERR_HEADERS_TIMEOUT');
    await client.close();
  });

  it('joins a base path in the host', async () => {
    const client = new Client({ host: `${server.url}/` });
    expect((await client.get('ok')).status).toBe(200);
    expect((await client.get(`${server.url}/ok`)).status).toBe(200);
    await client.close();
  });
});

/** A port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Keeps the thread busy for `ms`: what other users' work does to a request between its dispatch and its write. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

describe('the clock of a request', () => {
  it('starts at the write on a kept-alive connection: the thread busy between dispatch and write is not the target’s time', async () => {
    const client = new Client({ host: server.url });
    // A connection is taken again one turn of the event loop after its response (the second
    // request opens another); then both wait idle.
    await client.get('/ok');
    await client.get('/ok');
    await new Promise(setImmediate);
    // undici writes a request on a kept-alive socket one turn of the event loop after its dispatch.
    const pending = client.get('/ok');
    busyFor(60);
    const res = await pending;
    expect(res.elapsedMs).toBeLessThan(60);
    await client.close();
  });

  it('keeps a connect made for the request in its time', async () => {
    const client = new Client({ host: server.url });
    const pending = client.get('/ok');
    busyFor(60);
    const res = await pending;
    expect(res.elapsedMs).toBeGreaterThanOrEqual(60);
    await client.close();
  });

  it('keeps the wait for a connection in its time when the connections are limited', async () => {
    const pools = new ConnectionPools({ connections: 1 });
    const client = new Client({ host: server.url, pools });
    await client.get('/ok');
    const pending = client.get('/ok');
    busyFor(60);
    const res = await pending;
    expect(res.elapsedMs).toBeGreaterThanOrEqual(60);
    await pools.close();
  });
});

describe('Client.cancel', () => {
  it('drops a request in flight when the client is cancelled, and refuses new ones', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const pending = client.get('/slow', { query: { ms: 300 } });
    setTimeout(() => client.cancel(), 50);
    await expect(pending).rejects.toBeInstanceOf(RequestCancelled);
    await expect(client.get('/ok')).rejects.toBeInstanceOf(RequestCancelled);
    expect(client.cancelled).toBe(true);
    expect(recorded(recorder)).toEqual({ endpoints: [], failures: [] });
    await client.close();
  });
});

describe('a check that fails with its own text', () => {
  it('keeps the text as written, markup included (escaped where it is shown, never stripped)', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const error = await failureOf(
      client.get('/ok', { expect: () => 'failure <img src=x onerror=alert(1)>' }),
    );
    expect(error.failure).toBe('failure <img src=x onerror=alert(1)>');
    expect(recorded(recorder).failures).toEqual([
      { name: '/ok', error: 'failure <img src=x onerror=alert(1)>', occurrences: 1 },
    ]);
    await client.close();
  });
});
