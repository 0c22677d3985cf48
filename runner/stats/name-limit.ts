/**
 * How many distinct statistics rows a run keeps. Past the limit, new (method, name) pairs
 * are counted in one overflow row, so a journey that forgot `name` on `/orders/${id}`
 * cannot grow the statistics, the CSV or the HTML report without bound.
 */

/**
 * 1,000 rows: far more than the routes of any API under test (the shop has 20), a CSV and
 * an HTML table still readable, and ~10 MB of histograms at the worst. A run past it is
 * almost always ids in unnamed URLs, which is what the warning says.
 */
export const DEFAULT_MAX_NAMES = 1_000;

/** The row every name past the limit is counted in (method: the request's method is lost there). */
export const OVERFLOW_NAME = '(other names)';
export const OVERFLOW_METHOD = '*';

/** Path segments that are ids rather than routes: numbers, UUIDs, long hex or base-64-ish tokens. */
const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{12,}|(?=[^/]*\d)[\w-]{16,})$/i;

/**
 * A name's likely route template: id-like path segments become `{id}`, the query dropped.
 * @example routePattern('/orders/8f14e45f-ea0b-4e7e-9d8c-2b7c1c0c9e11/items/3?x=1') // '/orders/{id}/items/{id}'
 */
export function routePattern(name: string): string {
  const path = name.split('?')[0];
  return path
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
}

/**
 * The one warning of a run whose names passed the limit, naming the URL to give a `name`.
 * @example overflowWarning(1000, 'GET', '/items/1234')
 */
export function overflowWarning(maxNames: number, method: string, name: string): string {
  const pattern = routePattern(name);
  const advice =
    pattern !== name.split('?')[0]
      ? `give these requests a name, e.g. { name: '${method} ${pattern}' }`
      : "give requests whose URL carries an id a name (the route template), e.g. { name: 'GET /items/{id}' }";
  return `more than ${maxNames} distinct request names: ${method} ${name} and later new names are counted in the "${OVERFLOW_NAME}" row — ${advice}, or raise max_names (--max-names)`;
}
