import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from './metrics.ts';

const dashboard = JSON.parse(
  readFileSync(new URL('../deploy/grafana-dashboard.json', import.meta.url), 'utf8'),
);

describe('deploy/grafana-dashboard.json', () => {
  it('has the five rows and charts only metrics the service exports', async () => {
    const rows = dashboard.panels
      .filter((p: { type: string }) => p.type === 'row')
      .map((p: { title: string }) => p.title);
    expect(rows).toEqual(['Operations', 'Performance', 'Errors and conflicts', 'Context', 'Business']);
    const exported = new Set(
      (await createMetrics({ defaultMetrics: true }).registry.getMetricsAsJSON()).map((m) => m.name),
    );
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets ?? []) {
        for (const [name] of String(target.expr).matchAll(/journeys_[a-z_]+/g))
          used.add(name.replace(/_(bucket|sum|count)$/, ''));
      }
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });

  it('charts the pool, the cache, projection lag and the saga backlog under Context', () => {
    const start = dashboard.panels.findIndex((p: { title: string }) => p.title === 'Context');
    const end = dashboard.panels.findIndex((p: { title: string }) => p.title === 'Business');
    const exprs = dashboard.panels
      .slice(start + 1, end)
      .flatMap((p: { targets: { expr: string }[] }) => p.targets.map((t) => t.expr))
      .join('\n');
    for (const name of [
      'journeys_db_pool_in_use_connections',
      'journeys_db_pool_idle_connections',
      'journeys_db_pool_waiting_calls',
      'journeys_aggregate_cache_lookups_total{job=~"$job",result="hit"}',
      'journeys_projection_lag_events',
      'journeys_saga_backlog_events',
    ])
      expect(exprs).toContain(name);
  });
});
