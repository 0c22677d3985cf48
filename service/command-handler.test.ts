import { afterAll, describe, expect, it } from 'vitest';
import { backoffDelayMs, handleCommand, loadAggregate } from './command-handler.ts';
import { configFromEnv, createServiceContext, type ServiceConfig } from './context.ts';
import type { Decider } from './domains/decider.ts';
import { BusinessRuleError } from './errors.ts';
import { createAggregateCache, snapshotStoreOf } from './eventstore/index.ts';
import { ExpectedVersionConflict } from './eventstore/store-errors.ts';
import { createMetrics } from './metrics.ts';
import { storeObserver } from './store-metrics.ts';
import { withReadBarrier } from './testing/read-barrier.ts';
import { memoryBackend, postgresBackend, type TestBackend } from './testing/test-backends.ts';

type Counter = { count: number };
type Cmd = { type: 'Add'; by: number } | { type: 'Refuse' };
type Ev = { type: 'Added'; data: { by: number } };

const counter: Decider<Counter, Cmd, Ev> = {
  initialState: () => ({ count: 0 }),
  evolve: (state, event) => ({ count: state.count + event.data.by }),
  decide: (command) => {
    if (command.type === 'Refuse') throw new BusinessRuleError('refused', 'count');
    return command.by === 0 ? [] : [{ type: 'Added', data: { by: command.by } }];
  },
};

async function metricValue(
  metrics: ReturnType<typeof createMetrics>,
  name: string,
  labels: Record<string, string> = {},
) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as {
    value: number;
    labels: Record<string, unknown>;
    metricName?: string;
  }[];
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .filter((v) => !v.metricName || v.metricName.endsWith('_count') || v.metricName === name)
    .reduce((sum, v) => sum + v.value, 0);
}

const backends: TestBackend[] = [memoryBackend(), ...(process.env.DATABASE_URL ? [postgresBackend()] : [])];
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends)('handleCommand on $name', (backend) => {
  async function setUp(config: Partial<ServiceConfig> = {}) {
    const metrics = createMetrics();
    const store = withReadBarrier(await backend.open({ observer: storeObserver(metrics) }));
    const full = { ...configFromEnv({}), retryBaseDelayMs: 1, retryMaxDelayMs: 2, ...config };
    const ctx = createServiceContext({
      store,
      metrics,
      config: full,
      cache: full.aggregateCacheSize > 0 ? createAggregateCache(full.aggregateCacheSize) : undefined,
      snapshots: full.snapshotEvery > 0 ? snapshotStoreOf(store) : undefined,
      log: () => {},
    });
    return { ctx, store, metrics };
  }
  const stream = () => `Counter-${crypto.randomUUID()}`;

  it('loads, decides and appends with the loaded version', async () => {
    const { ctx, metrics } = await setUp();
    const id = stream();
    const first = await handleCommand(ctx, counter, id, { type: 'Add', by: 2 });
    expect(first).toEqual({
      state: { count: 2 },
      events: [{ type: 'Added', data: { by: 2 } }],
      nextExpectedVersion: 0,
    });
    const second = await handleCommand(ctx, counter, id, (state): Cmd => ({ type: 'Add', by: state.count }));
    expect(second.state).toEqual({ count: 4 });
    expect(second.nextExpectedVersion).toBe(1);
    const noop = await handleCommand(ctx, counter, id, { type: 'Add', by: 0 });
    expect(noop).toEqual({ state: { count: 4 }, events: [], nextExpectedVersion: 1 });
    expect(await loadAggregate(ctx, counter, id)).toEqual({ state: { count: 4 }, version: 1, exists: true });
    expect(
      await metricValue(metrics, 'journeys_command_duration_seconds', { command: 'Add', outcome: 'ok' }),
    ).toBe(3);
    expect(await metricValue(metrics, 'journeys_eventstore_appends_total')).toBe(2);
  });

  it('never retries a business-rule error', async () => {
    const { ctx, metrics } = await setUp();
    await expect(handleCommand(ctx, counter, stream(), { type: 'Refuse' })).rejects.toBeInstanceOf(
      BusinessRuleError,
    );
    expect(await metricValue(metrics, 'journeys_command_retries_total')).toBe(0);
    expect(
      await metricValue(metrics, 'journeys_command_duration_seconds', { outcome: 'business_error' }),
    ).toBe(1);
  });

  it('with MAX_RETRIES=0, n commands that loaded the same version: one wins, n-1 get the version conflict (409 at the edge)', async () => {
    const { ctx, store, metrics } = await setUp({ maxRetries: 0 });
    const id = stream();
    await handleCommand(ctx, counter, id, { type: 'Add', by: 1 });
    store.arm(6);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => handleCommand(ctx, counter, id, { type: 'Add', by: 1 })),
    );
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(results.length - failed.length).toBe(1);
    expect(failed).toHaveLength(5);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(ExpectedVersionConflict);
      expect(f.reason.code).toBe('EXPECTED_VERSION_CONFLICT');
    }
    expect((await loadAggregate(ctx, counter, id)).state).toEqual({ count: 2 });
    expect(await metricValue(metrics, 'journeys_eventstore_conflicts_total')).toBe(5);
    expect(await metricValue(metrics, 'journeys_command_duration_seconds', { outcome: 'conflict' })).toBe(5);
  });

  it('retries conflicts until every command lands, counting the retries', async () => {
    const { ctx, store, metrics } = await setUp({ maxRetries: 5 });
    const id = stream();
    store.arm(6);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => handleCommand(ctx, counter, id, { type: 'Add', by: 1 })),
    );
    expect(results).toHaveLength(6);
    expect((await loadAggregate(ctx, counter, id)).state).toEqual({ count: 6 });
    const retries = await metricValue(metrics, 'journeys_command_retries_total', { command: 'Add' });
    expect(retries).toBeGreaterThanOrEqual(5);
    expect(retries).toBe(await metricValue(metrics, 'journeys_eventstore_conflicts_total'));
  });

  it('starts from the LRU cache and still sees appends made behind its back', async () => {
    const { ctx, store, metrics } = await setUp({ aggregateCacheSize: 10 });
    const id = stream();
    await handleCommand(ctx, counter, id, { type: 'Add', by: 1 });
    await store.appendToStream(id, [{ type: 'Added', data: { by: 10 } }], { expectedVersion: 0 });
    expect(await loadAggregate(ctx, counter, id)).toEqual({ state: { count: 11 }, version: 1, exists: true });
    expect(await metricValue(metrics, 'journeys_aggregate_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(await metricValue(metrics, 'journeys_aggregate_cache_lookups_total', { result: 'miss' })).toBe(1);
  });

  it('writes a snapshot every N events and rebuilds from it', async () => {
    const { ctx, metrics } = await setUp({ snapshotEvery: 3 });
    const id = stream();
    for (let i = 0; i < 4; i++) await handleCommand(ctx, counter, id, { type: 'Add', by: 1 });
    expect(await snapshotStoreOf(ctx.store).read(id)).toEqual({ state: { count: 3 }, version: 2 });
    expect(await loadAggregate(ctx, counter, id)).toEqual({ state: { count: 4 }, version: 3, exists: true });
    // commands 1–3 found no snapshot; command 4 and the last load started from the one command 3 wrote
    expect(await metricValue(metrics, 'journeys_snapshot_operations_total', { result: 'miss' })).toBe(3);
    expect(await metricValue(metrics, 'journeys_snapshot_operations_total', { result: 'hit' })).toBe(2);
    expect(await metricValue(metrics, 'journeys_snapshot_operations_total', { result: 'save' })).toBe(1);
  });
});

describe('backoffDelayMs', () => {
  it('is full jitter: uniform below min(cap, base·2^attempt)', () => {
    expect(backoffDelayMs(0, 5, 200, () => 0.999)).toBeCloseTo(4.995);
    expect(backoffDelayMs(3, 5, 200, () => 0.5)).toBe(20);
    expect(backoffDelayMs(10, 5, 200, () => 0.999)).toBeCloseTo(199.8);
    expect(backoffDelayMs(4, 5, 200, () => 0)).toBe(0);
  });
});
