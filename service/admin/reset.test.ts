import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../context.ts';
import { startService } from '../server.ts';
import { createOrder, createStockItem, waitForSaga } from '../testing/checkout-fixtures.ts';
import { databaseUrl, dropSchemas, randomSchema } from '../testing/test-backends.ts';
import { createApi } from '../testing/test-service.ts';

const run = promisify(execFile);
const resetCommand = fileURLToPath(new URL('./reset-command.ts', import.meta.url));
const TOKEN = 'let-me-reset';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const customer = (n: number) => ({
  external_id: `reset-${n}`,
  email: `reset${n}@example.com`,
  first_name: 'Re',
  last_name: 'Set',
});

/** PGlite starts slowly on a busy machine, and these tests start several services and commands. */
const SLOW = 180_000;

/** The service as `npm run service` starts it, with an admin token, the cache and snapshots on. */
function start(
  where: { dataDir?: string; databaseUrl?: string; databaseSchema?: string },
  adminToken?: string,
) {
  return startService({
    ...where,
    config: { ...configFromEnv({}), adminToken, aggregateCacheSize: 100, snapshotEvery: 2 },
    log: () => {},
  });
}

/** One run's worth of data: 3 customers (one with a second event, so a snapshot), an order, a stock item. */
async function populate(api: ReturnType<typeof createApi>): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; n <= 3; n++) {
    const { status, body } = await api.post('/customers', customer(n));
    expect(status).toBe(201);
    ids.push(body.customer_id);
  }
  expect((await api.put(`/customers/${ids[0]}/tier`, { new_tier: 'Gold' })).status).toBe(200);
  await createOrder(api);
  await createStockItem(api, 5);
  await waitForSaga(api);
  return ids;
}

function resetFromShell(env: Record<string, string>) {
  return run(process.execPath, [resetCommand], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: '', ...env },
  });
}

const eventsAppended = (metrics: string) =>
  [...metrics.matchAll(/^journeys_eventstore_events_appended_total\{[^}]*\} (\d+)$/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );

describe('POST /admin/reset on a PGlite directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-reset-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('empties a populated directory; the next run starts clean; npm run service:reset finds it empty', {
    timeout: SLOW,
  }, async () => {
    const service = await start({ dataDir: dir }, TOKEN);
    const api = createApi(service.url);
    try {
      const [gold] = await populate(api);
      const first = await api.post('/admin/reset', undefined, AUTH);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        status: 'reset',
        backend: 'pglite',
        removed: { streams: 5, checkpoints: 1, snapshots: 1 },
        subscribers: ['checkout-saga'],
      });
      expect(first.body.removed.events).toBeGreaterThanOrEqual(6);
      expect(first.body.removed.documents).toBeGreaterThan(0);

      // As freshly started: the cached customer is gone too, the registration is new again.
      expect((await api.get(`/customers/${gold}`)).status).toBe(404);
      expect((await api.put(`/customers/${gold}/tier`, { new_tier: 'Gold' })).status).toBe(404);
      expect(eventsAppended((await api.get('/metrics')).body)).toBe(0);
      expect((await api.get('/health')).body.subscribers).toEqual({
        'checkout-saga': { lag: 0, backlog: 0 },
      });
      expect((await api.post('/customers', customer(1))).status).toBe(201);
      await createOrder(api);
      await waitForSaga(api);
      expect(eventsAppended((await api.get('/metrics')).body)).toBe(2);
    } finally {
      await service.close();
    }
    const { stdout } = await resetFromShell({ DATA_DIR: dir });
    expect(stdout).toBe(
      `journeys-service: reset PGlite directory ${dir}: removed 2 events, 2 streams, 1 documents, 1 checkpoints, 0 snapshots\n`,
    );
    const again = await resetFromShell({ DATA_DIR: dir });
    expect(again.stdout).toBe(
      `journeys-service: reset PGlite directory ${dir}: removed 0 events, 0 streams, 0 documents, 0 checkpoints, 0 snapshots\n`,
    );
  });

  it('refuses a directory a running service holds, in one line', { timeout: SLOW }, async () => {
    const service = await start({ dataDir: dir });
    try {
      const refused = await resetFromShell({ DATA_DIR: dir }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect((refused as { code: number }).code).toBe(1);
      expect((refused as { stderr: string }).stderr).toMatch(
        /^journeys-service: cannot reset PGlite directory .*: PGlite data directory .* is already in use by process \d+\. .*\n$/,
      );
    } finally {
      await service.close();
    }
  });
});

describe.skipIf(!databaseUrl)('POST /admin/reset on a PostgreSQL schema', () => {
  const schema = randomSchema();
  const sql = postgres(databaseUrl ?? '', { max: 1, onnotice: () => {} });
  afterAll(async () => {
    await sql.end();
    await dropSchemas(databaseUrl ?? '', [schema]);
  });
  const count = async (table: string) =>
    (await sql.unsafe(`SELECT count(*)::int AS n FROM "${schema}".${table}`))[0].n as number;
  const counts = async () => ({
    events: await count('events'),
    streams: await count('streams'),
    documents: await count('documents'),
    checkpoints: await count('checkpoints'),
    snapshots: await count('snapshots'),
  });

  it('empties a populated schema, keeps its tables, and the next run starts clean', {
    timeout: SLOW,
  }, async () => {
    const service = await start({ databaseUrl, databaseSchema: schema }, TOKEN);
    const api = createApi(service.url);
    try {
      await populate(api);
      const before = await counts();
      expect(before.streams).toBe(5);
      const reset = await api.post('/admin/reset', undefined, AUTH);
      expect(reset.status).toBe(200);
      expect(reset.body.removed).toEqual(before);
      expect(await counts()).toEqual({ events: 0, streams: 0, documents: 0, checkpoints: 0, snapshots: 0 });
      expect((await api.post('/customers', customer(1))).status).toBe(201);
      expect((await counts()).streams).toBe(1);
    } finally {
      await service.close();
    }
    const { stdout } = await resetFromShell({ DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema });
    expect(stdout).toMatch(
      new RegExp(`^journeys-service: reset PostgreSQL schema "${schema}": removed 1 events, 1 streams, `),
    );
    expect(await counts()).toEqual({ events: 0, streams: 0, documents: 0, checkpoints: 0, snapshots: 0 });
  });
});

describe('the admin endpoint', () => {
  it('does not exist without ADMIN_TOKEN, and refuses a missing (401) or wrong (403) token', {
    timeout: SLOW,
  }, async () => {
    const closed = await start({ dataDir: 'memory://' });
    try {
      const api = createApi(closed.url);
      const absent = await api.post('/admin/reset', undefined, AUTH);
      expect(absent.status).toBe(404);
    } finally {
      await closed.close();
    }
    const service = await start({ dataDir: 'memory://' }, TOKEN);
    try {
      const api = createApi(service.url);
      expect((await api.post('/customers', customer(9))).status).toBe(201);
      const missing = await api.post('/admin/reset');
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="journeys-admin"');
      expect(missing.body).toEqual({
        error: 'Admin routes need the header "Authorization: Bearer <ADMIN_TOKEN>"',
      });
      expect((await api.post('/admin/reset', undefined, { Authorization: `Basic ${TOKEN}` })).status).toBe(
        401,
      );
      const wrong = await api.post('/admin/reset', undefined, { Authorization: 'Bearer not-it' });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toEqual({ error: "The bearer token is not this service's ADMIN_TOKEN" });
      // Nothing was reset by the refused calls: the customer is still registered.
      expect((await api.post('/customers', customer(9))).status).toBe(400);
      expect((await api.post('/admin/reset', undefined, AUTH)).body.removed.streams).toBe(1);
    } finally {
      await service.close();
    }
  });
});
