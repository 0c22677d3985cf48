import { afterAll, describe, expect, it } from 'vitest';
import { createStockItem } from './testing/checkout-fixtures.ts';
import { type SpawnedService, spawnService } from './testing/spawn-service.ts';
import { databaseUrl, dropSchemas, randomSchema } from './testing/test-backends.ts';
import { createApi } from './testing/test-service.ts';

function countBy<T>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

describe('WORKERS=n npm run service (node:cluster)', () => {
  it('refuses WORKERS>1 on PGlite with one clear line and exit 1', async () => {
    const service = spawnService({ WORKERS: '2' });
    expect(await service.exited()).toBe(1);
    expect(service.stdout()).toBe('');
    expect(service.stderr()).toBe(
      'journeys-service: cannot start: WORKERS=2 needs DATABASE_URL: PGlite runs in one process (set DATABASE_URL to a PostgreSQL, or drop WORKERS)\n',
    );
  });

  it('exits 1 without a ready line when a worker dies during start-up', async () => {
    // Nothing listens on port 1: every worker fails to open the store.
    const service = spawnService({ WORKERS: '2', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(await service.exited(20_000)).toBe(1);
    expect(service.stdout()).toBe('');
    expect(service.stderr()).toMatch(
      /journeys-service: cannot start: worker \d+ exited during start-up \(exit code 1\)/,
    );
  });
});

describe.skipIf(!databaseUrl)('WORKERS=2 on PostgreSQL', () => {
  const schema = randomSchema();
  let service: SpawnedService | undefined;
  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await dropSchemas(databaseUrl ?? '', [schema]);
  });

  it('serves from both workers on one port, never oversells across processes, and stops on SIGTERM', async () => {
    service = spawnService({ WORKERS: '2', DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema });
    const url = await service.ready();
    const api = createApi(url);

    // A fresh connection per request: the primary hands connections out round-robin.
    const pids = await Promise.all(
      Array.from({ length: 20 }, async () => (await api.get('/health', { connection: 'close' })).body.pid),
    );
    const perWorker = countBy(pids);
    console.log(`[cluster] /health answered per worker pid: ${JSON.stringify(perWorker)}`);
    expect(Object.keys(perWorker)).toHaveLength(2);
    expect(pids).not.toContain(service.child.pid);

    const itemId = await createStockItem(api, 10);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        api.post(`/inventory/${itemId}/reserve`, { order_id: `cluster-${i}`, quantity: 1 }),
      ),
    );
    const statuses = countBy(responses.map((r) => r.status));
    console.log(`[cluster] flash sale over 2 workers: statuses ${JSON.stringify(statuses)}`);
    expect(statuses['201']).toBe(10);
    expect((statuses['400'] ?? 0) + (statuses['409'] ?? 0)).toBe(190);
    expect((await api.get(`/inventory/${itemId}`)).body).toMatchObject({ reserved: 10, available: 0 });

    service.child.kill('SIGTERM');
    expect(await service.exited()).toBe(0);
    expect(service.stdout()).toBe(`journeys-service listening on ${url}\n`);
  });
});
