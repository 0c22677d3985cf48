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
    expect(rows).toEqual([
      'Operations',
      'Performance',
      'Errors and conflicts',
      'Business',
      'Cancellations and timeouts',
    ]);
    const exported = new Set((await createMetrics().registry.getMetricsAsJSON()).map((m) => m.name));
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
});
