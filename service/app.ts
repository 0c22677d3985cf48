import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import { adminRoutes } from './admin/routes.ts';
import type { RunningSubscriber, ServiceContext } from './context.ts';
import { catalogueProjections, catalogueRoutes } from './domains/catalogue/index.ts';
import { identityProjections, identityRoutes } from './domains/identity/index.ts';
import { inventoryProjections, inventoryRoutes } from './domains/inventory/index.ts';
import { orderingProjections, orderingRoutes } from './domains/ordering/index.ts';
import { paymentsProjections, paymentsRoutes } from './domains/payments/index.ts';
import type { InlineProjection } from './eventstore/types.ts';
import { bodyLimit } from './http/body-limit.ts';
import { clientScope } from './http/client-scope.ts';
import { errorResponse } from './http/error-response.ts';
import { health } from './http/health.ts';
import { requestEdge } from './http/request-edge.ts';
import { requestMetrics } from './http/request-metrics.ts';
import { startCheckoutSaga } from './saga/checkout.ts';

/** One domain as the app mounts it: its router (mounted at `/`) and its inline read models. */
export interface ServiceDomain {
  name: string;
  routes(ctx: ServiceContext): Hono;
  projections: readonly InlineProjection[];
}

/** A process manager or async projection the server starts once the app is listening. */
export interface ServiceProcess {
  name: string;
  start(ctx: ServiceContext): RunningSubscriber;
}

/**
 * Every domain of the service. To add one, import its `<domain>Routes` and
 * `<domain>Projections` from `./domains/<domain>/index.ts` and append an entry, e.g.
 * `{ name: 'ordering', routes: orderingRoutes, projections: orderingProjections }` and
 * `{ name: 'inventory', routes: inventoryRoutes, projections: inventoryProjections }`.
 * Order matters only where two routers declare the same path (none do).
 */
export const domains: ServiceDomain[] = [
  { name: 'identity', routes: identityRoutes, projections: identityProjections },
  { name: 'catalogue', routes: catalogueRoutes, projections: catalogueProjections },
  { name: 'payments', routes: paymentsRoutes, projections: paymentsProjections },
  { name: 'ordering', routes: orderingRoutes, projections: orderingProjections },
  { name: 'inventory', routes: inventoryRoutes, projections: inventoryProjections },
];

/**
 * Subscribers started by `startService` after the store is open, stopped before it closes,
 * reported by `/health` (lag) and `/metrics` (journeys_projection_lag_events). Append e.g.
 * `{ name: 'checkout-saga', start: (ctx) => startCheckoutSaga(ctx) }` where `startCheckoutSaga`
 * calls `startSubscriber(ctx.store, { name: 'checkout-saga', … })` and returns it.
 */
export const processes: ServiceProcess[] = [
  { name: 'checkout-saga', start: (ctx) => startCheckoutSaga(ctx) },
];

/** Inline projections of every domain; the event store is opened with these. */
export function allProjections(): InlineProjection[] {
  return domains.flatMap((d) => d.projections);
}

async function subscriberLags(
  ctx: ServiceContext,
): Promise<Record<string, { lag: number; backlog?: number }>> {
  const entries = await Promise.all(
    [...ctx.subscribers].map(async ([name, s]) => {
      const [lag, backlog] = await Promise.all([s.lag(), s.backlog?.()]);
      return [name, backlog === undefined ? { lag } : { lag, backlog }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The HTTP API: JSON in and out, CORS `*`, `X-Request-ID` echoed or generated, bodies over
 * `config.bodyLimitBytes` refused with 413, every error a JSON body (see http/error-response.ts).
 *
 * @example
 * const app = createApp(ctx);
 * serve({ fetch: app.fetch, port: 0 });
 */
export function createApp(ctx: ServiceContext): Hono<{ Variables: RequestIdVariables }> {
  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use(requestMetrics(ctx.metrics));
  app.use(requestId({ headerName: 'X-Request-ID' }));
  app.use(clientScope());
  app.use(cors({ origin: '*', exposeHeaders: ['X-Request-ID'] }));
  app.use(bodyLimit(ctx.config.bodyLimitBytes));

  // A route that never reads its body (404s, body-less commands) must still consume it: the
  // node adapter gives an unread body 500 ms to drain and then resets the socket mid-upload.
  app.use(async (c, next) => {
    await next();
    if (c.req.raw.body && !c.req.raw.bodyUsed) await c.req.raw.arrayBuffer().catch(() => undefined);
  });
  app.use(requestEdge());

  app.get(
    '/health',
    health(ctx, () => subscriberLags(ctx)),
  );
  app.get('/metrics', async (c) => {
    for (const [name, lag] of Object.entries(await subscriberLags(ctx))) {
      ctx.metrics.projectionLag.set({ subscriber: name }, lag.lag);
      if (lag.backlog !== undefined) ctx.metrics.sagaBacklog.set({ subscriber: name }, lag.backlog);
    }
    c.header('Content-Type', ctx.metrics.registry.contentType);
    return c.body(await ctx.metrics.registry.metrics());
  });

  for (const domain of domains) app.route('/', domain.routes(ctx));
  if (ctx.config.adminToken) app.route('/', adminRoutes(ctx, ctx.config.adminToken, processes));

  app.notFound((c) => c.json({ error: `Not found: ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => errorResponse(error, c, ctx.log));
  return app;
}
