import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.ts';
import { type RouteTemplate, routeOf } from '../http/command-route.ts';
import { catalogueRequestSchemas, catalogueRoutes } from './catalogue/index.ts';
import { identityRequestSchemas, identityRoutes } from './identity/index.ts';
import { inventoryRequestSchemas, inventoryRoutes } from './inventory/index.ts';
import { orderingRequestSchemas, orderingRoutes } from './ordering/index.ts';
import { paymentsRequestSchemas, paymentsRoutes } from './payments/index.ts';

// Registering routes touches no part of the context; only requests would.
const ctx = {} as ServiceContext;
const domains: [string, Hono, object][] = [
  ['identity', identityRoutes(ctx), identityRequestSchemas],
  ['catalogue', catalogueRoutes(ctx), catalogueRequestSchemas],
  ['ordering', orderingRoutes(ctx), orderingRequestSchemas],
  ['inventory', inventoryRoutes(ctx), inventoryRequestSchemas],
  ['payments', paymentsRoutes(ctx), paymentsRequestSchemas],
];

describe('request schema keys', () => {
  it.each(domains)('%s: every schema is keyed by the template of a route it registers', (_, app, schemas) => {
    const registered = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    const unrouted = Object.keys(schemas).filter((template) => {
      const { method, path } = routeOf(template as RouteTemplate);
      return !registered.has(`${method} ${path}`);
    });
    expect(unrouted).toEqual([]);
  });
});
