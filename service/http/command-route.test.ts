import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { SchemaError, ServiceError } from '../errors.ts';
import { requiredText } from '../validation.ts';
import { routeOf, routesFrom } from './command-route.ts';

const schemas = {
  'PUT /things/{id}/name': {
    type: 'object',
    properties: { name: requiredText(10) },
    required: ['name'],
    additionalProperties: false,
  },
  'POST /things': {
    type: 'object',
    properties: { size: { type: 'integer', default: 1 } },
    required: ['size'],
    additionalProperties: false,
  },
} as const;

/** A router of the test's routes, answering errors as the service does (status + body). */
function appWith(register: (route: ReturnType<typeof routesFrom<typeof schemas>>) => void): Hono {
  const app = new Hono();
  register(routesFrom(app, schemas));
  app.onError((error, c) => {
    if (error instanceof ServiceError) return c.json(error.toBody(), error.status as 400);
    throw error;
  });
  return app;
}

const send = async (app: Hono, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('routeOf', () => {
  it("turns a template's {params} into Hono's :params", () => {
    expect(routeOf('PUT /orders/{id}/ship')).toEqual({ method: 'PUT', path: '/orders/:id/ship' });
    expect(routeOf('PUT /inventory/{id}/reservations/{rid}/release')).toEqual({
      method: 'PUT',
      path: '/inventory/:id/reservations/:rid/release',
    });
    expect(routeOf('GET /health')).toEqual({ method: 'GET', path: '/health' });
  });

  it('refuses what is not a template at start-up', () => {
    expect(() => routeOf('PUT  /orders' as 'PUT /orders')).toThrow("is not 'METHOD /path/{param}'");
    expect(() => routeOf('PUT /orders/{id' as 'PUT /orders')).toThrow('malformed {param}');
    expect(() => routeOf('PUT /orders/{1d}' as 'PUT /orders')).toThrow('malformed {param}');
  });
});

describe('routesFrom', () => {
  it("validates the body against the schema under the route's own template, then runs the handler", async () => {
    const seen: unknown[] = [];
    const app = appWith((route) =>
      route('PUT /things/{id}/name', async (c, body) => {
        seen.push([c.req.param('id'), body.name]);
        return { status: 'ok' };
      }),
    );
    expect(await send(app, 'PUT', '/things/t1/name', { name: 'Kettle', extra: 1 })).toEqual({
      status: 200,
      body: { status: 'ok' },
    });
    const refused = await send(app, 'PUT', '/things/t1/name', { name: '' });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toEqual([
      { loc: ['body', 'name'], msg: 'String should have at least 1 characters', type: 'string_too_short' },
    ]);
    expect((await send(app, 'PUT', '/things/t1/name')).status).toBe(422);
    expect(seen).toEqual([['t1', 'Kettle']]);
  });

  it('answers with the status asked for, fills defaults of an optional body, and passes a Response through', async () => {
    const app = appWith((route) => {
      route('POST /things', async (_c, body) => ({ size: body.size }), { status: 201, optional: true });
      route('GET /things/{id}', async (c) => c.text(`thing ${c.req.param('id')}`, 203));
    });
    expect(await send(app, 'POST', '/things')).toEqual({ status: 201, body: { size: 1 } });
    expect(await send(app, 'POST', '/things', { size: 3 })).toEqual({ status: 201, body: { size: 3 } });
    const res = await app.request('/things/t9');
    expect([res.status, await res.text()]).toEqual([203, 'thing t9']);
  });

  it('reads no body on a route without a schema, and runs the guard before the body', async () => {
    const calls: string[] = [];
    const app = appWith((route) => {
      route('PUT /things/{id}/close', async (_c, body) => {
        calls.push(`close ${body === undefined}`);
        return { status: 'ok' };
      });
      route('PUT /things/{id}/name', async () => ({ status: 'ok' }), {
        guard: (c) => {
          calls.push('guard');
          if (c.req.header('X-Key') !== 'k') throw new SchemaError([]);
        },
      });
    });
    expect((await send(app, 'PUT', '/things/t1/close', { ignored: true })).status).toBe(200);
    // Guard refuses before the (invalid) body is looked at: the answer has no detail about it.
    expect(await send(app, 'PUT', '/things/t1/name', { name: '' })).toEqual({
      status: 422,
      body: { detail: [] },
    });
    expect(calls).toEqual(['close true', 'guard']);
  });
});
