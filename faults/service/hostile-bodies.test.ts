import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemas as catalogue } from '../../service/domains/catalogue/schemas.ts';
import { requestSchemas as identity } from '../../service/domains/identity/schemas.ts';
import { requestSchemas as inventory } from '../../service/domains/inventory/schemas.ts';
import { requestSchemas as ordering } from '../../service/domains/ordering/schemas.ts';
import { requestSchemas as payments } from '../../service/domains/payments/schemas.ts';
import { startTestService, type TestService, testBackends } from '../../service/testing/test-service.ts';
import { reportFigures } from '../testing/figures.ts';
import { hostileBody, plausible, seededRandom } from '../testing/hostile-bodies.ts';

const BODIES = 1000;
const SEED = 20_240_601;
const IN_FLIGHT = 8;

const schemas: Record<string, object> = { ...identity, ...catalogue, ...payments, ...ordering, ...inventory };

/** Routes without a request body (API.md): hostile bodies must be ignored or refused, never crash them. */
const BODYLESS = [
  'PUT /customers/{id}/reactivate',
  'PUT /customers/{id}/close',
  'PUT /products/{id}/activate',
  'PUT /products/{id}/discontinue',
  'PUT /products/{id}/archive',
  'PUT /categories/{id}/deactivate',
  'POST /payments/{id}/retry',
  'PUT /carts/{id}/abandon',
  'PUT /orders/{id}/confirm',
  'PUT /orders/{id}/processing',
  'PUT /orders/{id}/deliver',
  'PUT /orders/{id}/complete',
  'PUT /orders/{id}/return/approve',
  'PUT /warehouses/{id}/deactivate',
];

/** Which create makes the entity a `{id}` path of this route names (others get a random id). */
const CREATES: Record<string, string> = {
  customers: 'POST /customers',
  products: 'POST /products',
  categories: 'POST /categories',
  payments: 'POST /payments',
  invoices: 'POST /invoices',
  carts: 'POST /carts',
  orders: 'POST /orders',
  warehouses: 'POST /warehouses',
  inventory: 'POST /inventory',
};

/** A stack frame, SQL, or a driver's name in an answer: internals the client should never see. */
const LEAK = /\\n\s+at |\bat [\w.]+ \(|SELECT |INSERT |UPDATE |DELETE FROM|postgres\.js|drizzle|PGlite/;

describe.each(testBackends())('hostile bodies on %s', (backend) => {
  let service: TestService;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    service = await startTestService(backend);
    for (const [collection, route] of Object.entries(CREATES)) {
      const body = plausible(schemas[route] as never) as Record<string, unknown>;
      if (route === 'POST /payments') body.idempotency_key = crypto.randomUUID();
      const res = await service.api.post(route.split(' ')[1], body);
      const id = res.status === 201 ? Object.values(res.body as Record<string, string>)[0] : undefined;
      ids.set(collection, id ?? crypto.randomUUID());
    }
  }, 180_000); // PGlite start-up takes long on a busy machine
  afterAll(() => service?.close(), 120_000);

  it(`answers ${BODIES} malformed or hostile bodies across every route with a 4xx JSON error, never a 5xx`, async () => {
    const random = seededRandom(SEED);
    const routes = [...Object.keys(schemas), ...BODYLESS];
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let next = 0;
    async function worker() {
      while (next < BODIES) {
        const n = next++;
        const route = routes[n % routes.length];
        const [method, template] = route.split(' ');
        const path = template
          .replace(
            '{id}',
            random() < 0.8 ? (ids.get(template.split('/')[1]) ?? crypto.randomUUID()) : 'x'.repeat(80),
          )
          .replace('{rid}', crypto.randomUUID());
        const { kind, text } = hostileBody((schemas[route] ?? { type: 'object' }) as never, random);
        const headers: Record<string, string> =
          random() < 0.7 ? { 'X-Gateway-Signature': 'test-signature' } : {};
        const res = await service.api.request(method, path, text, headers);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const jsonError =
          typeof res.body === 'object' && res.body !== null && ('error' in res.body || 'detail' in res.body);
        const leaks = LEAK.test(JSON.stringify(res.body ?? ''));
        if (res.status >= 500 || (res.status >= 400 && !jsonError) || leaks) {
          failures.push(
            `${route} [${kind}] ${text.slice(0, 120)} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
        }
      }
    }
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    reportFigures(`hostile bodies on ${backend}`, {
      tries: BODIES,
      '4xx': [...statuses].filter(([st]) => st >= 400 && st < 500).reduce((a, [, c]) => a + c, 0),
      '5xx': [...statuses].filter(([st]) => st >= 500).reduce((a, [, c]) => a + c, 0),
      'leaks or non-JSON errors': failures.length,
    });
    expect(failures).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(BODIES);
    const fourXX = [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((a, [, c]) => a + c, 0);
    // Junk extras are ignored by design, so a few hostile bodies are valid commands (2xx); most are refused.
    expect(fourXX).toBeGreaterThan(BODIES * 0.8);
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    const health = await service.api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  }, 180_000);
});
