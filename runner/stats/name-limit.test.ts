import { describe, expect, it } from 'vitest';
import { OVERFLOW_METHOD, OVERFLOW_NAME, overflowWarning, routePattern } from './name-limit.ts';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';

describe('the limit on distinct statistics names', () => {
  it('a thread counts names past its limit in one overflow row, failures included, and says which came first', () => {
    const recorder = new StatsRecorder({ maxNames: 2 });
    for (let id = 0; id < 10; id++)
      recorder.request('GET', `/items/${id}`, 5, 10, id === 7 ? 'HTTP 500' : undefined);
    const snapshot = recorder.takeSnapshot();
    expect(snapshot.endpoints.map((e) => [e.method, e.name, e.count, e.failures])).toEqual([
      ['GET', '/items/0', 1, 0],
      ['GET', '/items/1', 1, 0],
      [OVERFLOW_METHOD, OVERFLOW_NAME, 8, 1],
    ]);
    expect(snapshot.failures).toMatchObject([
      { method: OVERFLOW_METHOD, name: OVERFLOW_NAME, error: 'HTTP 500' },
    ]);
    expect(snapshot.overflowed).toEqual({ method: 'GET', name: '/items/2' });
    recorder.request('GET', '/items/99', 5, 10);
    const next = recorder.takeSnapshot();
    expect(next.overflowed).toBeUndefined();
    expect(next.endpoints).toMatchObject([{ name: OVERFLOW_NAME, count: 1 }]);
    recorder.close();
  });

  it('the run keeps max_names rows and one overflow row over every thread, warns once, and the totals stay whole', () => {
    const warnings: string[] = [];
    const stats = new RunStats({ startedAt: 0, maxNames: 3, onNamesOverflow: (w) => warnings.push(w) });
    for (let thread = 0; thread < 2; thread++) {
      const recorder = new StatsRecorder({ maxNames: 3 });
      for (let id = 0; id < 5; id++)
        recorder.request('GET', `/orders/${thread * 10 + id}`, 5, 10, 'HTTP 404');
      stats.merge(recorder.takeSnapshot());
      recorder.close();
    }
    expect(stats.endpoints().map((e) => [e.name, e.count])).toEqual([
      [OVERFLOW_NAME, 7],
      ['/orders/0', 1],
      ['/orders/1', 1],
      ['/orders/2', 1],
    ]);
    expect(stats.aggregated().count).toBe(10);
    expect(stats.failures().reduce((sum, f) => sum + f.occurrences, 0)).toBe(10);
    expect(stats.failures().map((f) => f.name)).toEqual([
      OVERFLOW_NAME,
      '/orders/0',
      '/orders/1',
      '/orders/2',
    ]);
    expect(warnings).toEqual([overflowWarning(3, 'GET', '/orders/3')]);
    expect(warnings[0]).toBe(
      `more than 3 distinct request names: GET /orders/3 and later new names are counted in the "(other names)" row — give these requests a name, e.g. { name: 'GET /orders/{id}' }, or raise max_names (--max-names)`,
    );
  });

  it('names the route template of ids, UUIDs and tokens', () => {
    expect(routePattern('/orders/8f14e45f-ea0b-4e7e-9d8c-2b7c1c0c9e11/items/3?x=1')).toBe(
      '/orders/{id}/items/{id}',
    );
    expect(routePattern('/customers/cus_4f8a9b2c1d3e5f60/cart')).toBe('/customers/{id}/cart');
    expect(routePattern('/health')).toBe('/health');
  });
});
