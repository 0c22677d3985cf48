import type { Context, Hono } from 'hono';
import type { FromSchema, JSONSchema } from '../validation.ts';
import { parseBody } from './json-body.ts';

import { fillParams, type HttpMethod, type RouteTemplate, splitTemplate } from './route-template.ts';

export type { HttpMethod, RouteTemplate } from './route-template.ts';

/** What a handler receives: the typed body when the domain has a schema under the template, else nothing. */
export type BodyOf<Schemas, T extends string> = T extends keyof Schemas
  ? Schemas[T] extends JSONSchema
    ? FromSchema<Schemas[T]>
    : never
  : undefined;

export interface RouteOptions {
  /** Status of the JSON answer (default 200); creates and sub-resource adds answer 201. */
  status?: 200 | 201;
  /** An empty body counts as `{}` (then defaults fill it) instead of a 422. */
  optional?: boolean;
  /** Runs before the body is read, e.g. a webhook's signature check: a refused call learns nothing about bodies. */
  guard?: (c: Context) => void;
}

/** A route's work: returns the JSON body to answer with, or a whole Response. */
export type RouteHandler<B> = (c: Context, body: B) => Promise<object | Response>;

/**
 * The one conversion from a template to Hono's route: `'PUT /orders/{id}/ship'` →
 * `{ method: 'PUT', path: '/orders/:id/ship' }`. A template that is not one throws at start-up.
 *
 * @example
 * routeOf('PUT /inventory/{id}/reservations/{rid}/release').path; // '/inventory/:id/reservations/:rid/release'
 */
export function routeOf(template: RouteTemplate): { method: HttpMethod; path: string } {
  const parts = splitTemplate(template);
  if (!parts || parts.tagged) throw new Error(`Route template '${template}' is not 'METHOD /path/{param}'`);
  const path = fillParams(parts.path, (name) => `:${name}`);
  if (path === undefined) throw new Error(`Route template '${template}' has a malformed {param}`);
  return { method: parts.method, path };
}

/**
 * Registers a domain's routes from their templates. The request schema of a route is
 * `schemas[template]` — the key API.md, the generators and the suite's statistics use — so
 * the path, the schema and the name cannot drift apart. A route with a schema parses and
 * validates its body (422 on a mismatch) before the handler runs; one without reads none.
 *
 * @example
 * const route = routesFrom(app, requestSchemas);
 * route('PUT /orders/{id}/ship', async (c, body) => {
 *   await run(c, { type: 'ShipOrder', ...body });
 *   return { status: 'ok' };
 * });
 * route('POST /orders', async (c, body) => ({ order_id: await create(c, body) }), { status: 201 });
 */
export function routesFrom<Schemas extends Record<string, JSONSchema>>(app: Hono, schemas: Schemas) {
  return <T extends RouteTemplate>(
    template: T,
    handle: RouteHandler<BodyOf<Schemas, T>>,
    options: RouteOptions = {},
  ): void => {
    const { method, path } = routeOf(template);
    const schema: JSONSchema | undefined = Object.hasOwn(schemas, template) ? schemas[template] : undefined;
    app.on(method, path, async (c) => {
      options.guard?.(c);
      const body = schema === undefined ? undefined : await parseBody(c, schema, options);
      const answer = await handle(c, body as BodyOf<Schemas, T>);
      return answer instanceof Response ? answer : c.json(answer, options.status ?? 200);
    });
  };
}
