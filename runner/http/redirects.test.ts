import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { type HostileTarget, startHostileTarget } from '../testing/hostile-http-target.ts';
import { Client } from './client.ts';
import { RequestFailed } from './client-errors.ts';
import { ConnectionPools } from './connection-pools.ts';

let target: HostileTarget;
let other: HostileTarget;
beforeAll(async () => {
  target = await startHostileTarget();
  other = await startHostileTarget();
});
afterAll(async () => {
  await target.close();
  await other.close();
});

async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestFailed);
  return (error as RequestFailed).failure;
}

describe('redirects', () => {
  it('follows a chain to its end and records one request under its own name', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: target.url, recorder });
    const res = await client.get('/hop/5', { name: 'chain' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ method: 'GET', auth: null });
    expect(recorder.takeSnapshot().endpoints).toMatchObject([{ name: 'chain', count: 1, failures: 0 }]);
    await client.close();
  });

  it('a loop is one failure naming the chain, not a run of successes', async () => {
    const recorder = new StatsRecorder();
    const client = new Client({ host: target.url, recorder });
    const failure = await failureOf(client.get('/loop/a', { name: 'loop' }));
    expect(failure).toBe(
      `redirect loop: GET ${target.url}/loop/a → ${target.url}/loop/b → ${target.url}/loop/a`,
    );
    expect(recorder.takeSnapshot().endpoints).toMatchObject([{ name: 'loop', count: 1, failures: 1 }]);
    await client.close();
  });

  it('a chain longer than max_redirects fails naming both ends', async () => {
    const pools = new ConnectionPools({ maxRedirects: 3 });
    const client = new Client({ host: target.url, pools });
    expect((await client.get('/hop/3')).status).toBe(200);
    const failure = await failureOf(client.get('/hop/40'));
    expect(failure).toBe(
      `more than 3 redirects (max_redirects): GET ${target.url}/hop/40 → ${target.url}/hop/39 → ${target.url}/hop/38 → ${target.url}/hop/37 → ${target.url}/hop/36`,
    );
    await pools.close();
  });

  it('303 and a POST after 302 become GET; credentials do not cross to another origin', async () => {
    const client = new Client({ host: target.url, headers: { authorization: 'Bearer secret' } });
    expect((await client.post('/see-other', { json: { a: 1 } })).json).toEqual({
      method: 'GET',
      auth: 'Bearer secret',
    });
    const moved = await client.put(`/moved?to=${encodeURIComponent(`${other.url}/landed`)}`, { body: 'x' });
    expect(moved.json).toEqual({ method: 'PUT', auth: null });
    await client.close();
  });

  it('max_redirects 0 hands the redirect itself to the step', async () => {
    const pools = new ConnectionPools({ maxRedirects: 0 });
    const client = new Client({ host: target.url, pools });
    const res = await client.get('/loop/a', { expect: [302] });
    expect(res.headers.location).toBe('/loop/b');
    await pools.close();
  });
});
