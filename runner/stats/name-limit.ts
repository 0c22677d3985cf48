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
