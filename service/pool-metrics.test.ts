import { describe, expect, it } from 'vitest';
import { getPGliteEventStore } from './eventstore/pglite.ts';
import { createMetrics } from './metrics.ts';
import { countCallsInFlight, storeObserver, streamCategory } from './store-metrics.ts';

const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('pool and pipeline metrics', () => {
  it('count PGlite as a pool of one: five appends at once are 1 in use and 4 waiting', {
    timeout: 180_000,
  }, async () => {
    const metrics = createMetrics();
    const store = countCallsInFlight(
      await getPGliteEventStore({ observer: storeObserver(metrics) }),
      metrics,
    );
    try {
      await Promise.all(
        ['Order-1', 'Order-2', 'Order-3', 'Customer-1', 'nodash'].map((stream) =>
          store.appendToStream(stream, [{ type: 'Happened', data: {} }]),
        ),
      );
      const text = await metrics.registry.metrics();
      expect(value(text, 'journeys_db_pool_max_connections')).toBe(1);
      expect(value(text, 'journeys_db_pool_in_use_connections')).toBe(0);
      expect(value(text, 'journeys_db_pool_idle_connections')).toBe(1);
      expect(value(text, 'journeys_db_pool_waiting_calls')).toBe(0);
      expect(value(text, 'journeys_db_pool_in_use_peak_connections')).toBe(1);
      expect(value(text, 'journeys_db_pool_waiting_peak_calls')).toBe(4);
      expect(text).toContain('journeys_eventstore_events_appended_total{category="Order"} 3');
      expect(text).toContain('journeys_eventstore_events_appended_total{category="Customer"} 1');
      expect(text).toContain('journeys_eventstore_events_appended_total{category="other"} 1');
      metrics.pool.resetPeaks();
      expect(value(await metrics.registry.metrics(), 'journeys_db_pool_waiting_peak_calls')).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('names a stream category by the id before its first dash', () => {
    expect(streamCategory('StockItem-sku-1')).toBe('StockItem');
    expect(streamCategory('-x')).toBe('other');
  });
});
