import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStockItem } from '../../service/testing/checkout-fixtures.ts';
import { type SpawnedService, spawnService } from '../../service/testing/spawn-service.ts';
import { databaseUrl, dropSchemas, randomSchema } from '../../service/testing/test-backends.ts';
import { createApi } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { type Attempt, startLoad } from '../testing/load.ts';

const ROUNDS = 3;
const UNITS = 25;
const WORKERS = 8;

const acked = (a: Attempt) => a.outcome === 201;

interface Target {
  name: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'journeys-kill-'));
  return {
    name: 'PGlite files',
    env: { DATA_DIR: dir },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = randomSchema();
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema },
    cleanup: () => dropSchemas(databaseUrl ?? '', [schema]),
  };
}

async function sagaCaughtUp(url: string, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as {
      subscribers: Record<string, { lag: number }>;
    };
    const lag = Object.values(health.subscribers).reduce((sum, s) => sum + s.lag, 0);
    if (lag === 0 || performance.now() > deadline) return lag;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const targets: (() => Target)[] = [pgliteTarget];
if (databaseUrl) targets.push(postgresTarget);
else console.log('kill -9 on PostgreSQL skipped: DATABASE_URL is not set');

describe.each(targets.map((make) => [make().name, make] as const))(
  'kill -9 under load on %s',
  (name, make) => {
    const target = make();
    let running: SpawnedService | undefined;
    afterAll(async () => {
      running?.child.kill('SIGKILL');
      await target.cleanup();
    });

    it(`${ROUNDS} rounds of kill -9 mid-load: every acknowledged write is there after the restart, stock never oversold`, async () => {
      const attempts: Attempt[] = [];
      let itemId = '';
      for (let round = 0; round < ROUNDS; round++) {
        running = spawnService(target.env);
        const url = await running.ready(120_000);
        if (round === 0) itemId = await createStockItem(createApi(url), UNITS);
        const load = startLoad({
          url,
          workers: WORKERS,
          maxRequests: 5000,
          timeoutMs: 5000,
          plan: (n) =>
            n % 4 === 3
              ? {
                  kind: 'reserve',
                  key: `kill-${round}-${n}`,
                  method: 'POST',
                  path: `/inventory/${itemId}/reserve`,
                  body: { order_id: `kill-${round}-${n}`, quantity: 1 },
                }
              : {
                  kind: 'customer',
                  key: `kill-${round}-${n}`,
                  method: 'POST',
                  path: '/customers',
                  body: {
                    external_id: `kill-${round}-${n}`,
                    email: 'k@example.com',
                    first_name: 'K',
                    last_name: 'L',
                  },
                },
        });
        // Killed at a different moment each round (after 30, 40, 50 acknowledged writes), always
        // with WORKERS requests in flight; counted rather than timed so a slow machine kills as late.
        const deadline = performance.now() + 60_000;
        while (load.attempts.filter(acked).length < 30 + round * 10 && performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        running.child.kill('SIGKILL');
        expect(await running.exited()).toBe('SIGKILL');
        load.stop();
        await load.done;
        attempts.push(...load.attempts);
      }

      running = spawnService(target.env);
      const url = await running.ready(120_000);
      const api = createApi(url);
      const customers = attempts.filter((a) => a.kind === 'customer' && acked(a));
      const reservations = attempts.filter((a) => a.kind === 'reserve' && acked(a));
      const lost: string[] = [];
      for (const a of customers) {
        const id = (a.body as { customer_id: string }).customer_id;
        const res = await api.get(`/customers/${id}`);
        if (res.status !== 200 || res.body.external_id !== a.key)
          lost.push(`customer ${a.key} (${id}): ${res.status}`);
      }
      const item = (await api.get(`/inventory/${itemId}`)).body;
      const active = new Set(
        (item.reservations as { order_id: string; status: string }[])
          .filter((r) => r.status === 'Active')
          .map((r) => r.order_id),
      );
      for (const a of reservations) if (!active.has(a.key)) lost.push(`reservation ${a.key}`);
      const lag = await sagaCaughtUp(url, 10_000);
      const fiveXX = attempts.filter((a) => typeof a.outcome === 'number' && a.outcome >= 500).length;
      reportFigures(`kill -9 on ${name}`, {
        tries: ROUNDS,
        requests: attempts.length,
        held: customers.length + reservations.length,
        lost: lost.length,
        'cut off': attempts.filter((a) => typeof a.outcome !== 'number').length,
        reserved: `${item.reserved}/${UNITS}`,
        '5xx': fiveXX,
      });
      expect(lost).toEqual([]);
      expect(customers.length + reservations.length).toBeGreaterThanOrEqual(120); // 30 + 40 + 50: the load really ran
      expect(item.reserved).toBe(active.size); // the read model holds what the stream holds
      expect(item.reserved).toBeLessThanOrEqual(UNITS);
      expect(item.reserved).toBeGreaterThanOrEqual(reservations.length);
      expect(lag).toBe(0); // the saga caught up after the restarts
      expect(fiveXX).toBe(0);
      running.child.kill('SIGTERM');
      expect(await running.exited()).toBe(0);
      running = undefined;
    }, 300_000);
  },
);
