import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { ServiceMetrics } from '../metrics.ts';

/**
 * Counts and times every request by route pattern (`/customers/:id`, never the raw path, so
 * label cardinality stays bounded). Unknown routes are labelled `unmatched`.
 */
export function requestMetrics(metrics: ServiceMetrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const pattern = routePath(c, -1);
    const route = pattern === '' || pattern === '*' || pattern === '/*' ? 'unmatched' : pattern;
    const method = c.req.method;
    // The client left before its answer (as nginx's 499): not a status the server sent.
    const status = c.req.raw.signal.aborted ? '499' : String(c.res.status);
    metrics.httpRequestsTotal.inc({ method, route, status });
    metrics.httpRequestDuration.observe({ method, route }, (performance.now() - start) / 1000);
  };
}
