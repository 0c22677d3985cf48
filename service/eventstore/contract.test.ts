import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  databaseUrl,
  dropSchemas,
  memoryBackend,
  pgliteBackend,
  postgresBackend,
  randomSchema,
  readAllWhen,
  type TestBackend,
} from '../testing/test-backends.ts';
import { getEventStoreFromEnv } from './env.ts';
import { internalsOf } from './internals.ts';
import { ExpectedVersionConflict } from './store-errors.ts';
import type { EventStore, InlineProjection } from './types.ts';

const backends: [TestBackend, boolean][] = [
  [memoryBackend(), true],
  [pgliteBackend(), true],
  [postgresBackend(), Boolean(databaseUrl)],
];

const event = (type: string, data: Record<string, unknown> = {}, id?: string) => ({ type, data, id });

const ordersList: InlineProjection = {
  name: 'orders-list',
  handles: ['OrderCreated', 'OrderRenamed'],
  apply: async (events, documents) => {
    for (const e of events) {
      const existing = await documents.get<{ name: string; tags: string[] }>('orders', e.streamId);
      const name = String(e.data.name);
      if (e.data.fail) throw new Error('projection refused');
      await documents.put('orders', e.streamId, { ...existing, name, tags: (e.data.tags as string[]) ?? [] });
    }
  },
};

for (const [backend, enabled] of backends) {
  describe.skipIf(!enabled)(`event store contract: ${backend.name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await backend.open({ projections: [ordersList] });
    });
    afterEach(async () => store.close());
    afterAll(() => backend.cleanup());

    it('appends and reads a stream back', async () => {
      const first = await store.appendToStream('Order-1', [event('OrderCreated', { name: 'a', n: 1 })], {
        expectedVersion: 'no_stream',
      });
      expect(first).toMatchObject({ appended: true, nextExpectedVersion: 0 });
      expect(typeof first.lastGlobalPosition).toBe('bigint');
      const second = await store.appendToStream(
        'Order-1',
        [event('Noted', { x: [1, { y: 'z' }] }), event('Noted')],
        {
          expectedVersion: 0,
        },
      );
      expect(second.nextExpectedVersion).toBe(2);
      expect(second.lastGlobalPosition).toBeGreaterThan(first.lastGlobalPosition);
      const read = await store.readStream('Order-1');
      expect(read).toMatchObject({ currentVersion: 2, streamExists: true });
      expect(read.events.map((e) => [e.streamVersion, e.type])).toEqual([
        [0, 'OrderCreated'],
        [1, 'Noted'],
        [2, 'Noted'],
      ]);
      expect(read.events[1].data).toEqual({ x: [1, { y: 'z' }] });
      expect(read.events[0].metadata).toEqual({});
      expect(read.events[0].createdAt).toBeInstanceOf(Date);
      expect(typeof read.events[0].globalPosition).toBe('bigint');
      const partial = await store.readStream('Order-1', { fromVersion: 1, maxCount: 1 });
      expect(partial.events.map((e) => e.streamVersion)).toEqual([1]);
      expect(partial.currentVersion).toBe(2);
      expect(await store.readStream('Order-none')).toEqual({
        events: [],
        currentVersion: -1,
        streamExists: false,
      });
    });

    it('keeps quotes and backslashes in ids and data as they are', async () => {
      const streamId = "Odd-'; DROP TABLE events; --\\";
      const data = { text: "it's \\ \"quoted\" $1 ''", nested: { "k'ey": ["'"] } };
      await store.appendToStream(streamId, [event('Quoted', data)], { expectedVersion: 'no_stream' });
      const { events } = await store.readStream(streamId);
      expect(events.map((e) => [e.streamId, e.data])).toEqual([[streamId, data]]);
    });

    it('enforces every expected-version mode with ExpectedVersionConflict', async () => {
      const conflict = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(ExpectedVersionConflict);
      await conflict(store.appendToStream('S', [event('E')], { expectedVersion: 'stream_exists' }));
      await conflict(store.appendToStream('S', [event('E')], { expectedVersion: 0 }));
      await store.appendToStream('S', [event('E')], { expectedVersion: 'no_stream' });
      await conflict(store.appendToStream('S', [event('E')], { expectedVersion: 'no_stream' }));
      await store.appendToStream('S', [event('E')], { expectedVersion: 'stream_exists' });
      await store.appendToStream('S', [event('E')], { expectedVersion: 'any' });
      await store.appendToStream('S', [event('E')]);
      await conflict(store.appendToStream('S', [event('E')], { expectedVersion: 2 }));
      await store.appendToStream('S', [event('E')], { expectedVersion: 3 });
      await store.appendToStream('T', [event('E')], { expectedVersion: 'any' });
      const error = await store
        .appendToStream('S', [event('E')], { expectedVersion: 1 })
        .catch((e: unknown) => e);
      // A store error, not an HTTP one: the HTTP edge maps it to 409.
      expect(error).toBeInstanceOf(ExpectedVersionConflict);
      expect(error).not.toHaveProperty('status');
      expect(error).toMatchObject({
        code: 'EXPECTED_VERSION_CONFLICT',
        streamId: 'S',
        expected: '1',
        actual: 4,
      });
      expect((await store.readStream('S')).currentVersion).toBe(4);
    });

    it('re-appending stored event ids is a no-op', async () => {
      const ids = [randomUUID(), randomUUID()];
      const batch = [event('A', {}, ids[0]), event('B', {}, ids[1])];
      const first = await store.appendToStream('I', batch, { expectedVersion: 'no_stream' });
      const again = await store.appendToStream('I', batch, { expectedVersion: 'no_stream' });
      expect(again).toEqual({
        appended: false,
        nextExpectedVersion: 1,
        lastGlobalPosition: first.lastGlobalPosition,
      });
      expect((await store.readStream('I')).events.map((e) => e.id)).toEqual(ids);
    });

    it('reads the whole log in order after a position', async () => {
      for (let i = 0; i < 5; i++) await store.appendToStream(`L-${i % 2}`, [event('E', { i })]);
      const all = await readAllWhen(store, (events) => events.length === 5);
      expect(all.map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
      expect(all.every((e) => typeof e.transactionId === 'bigint')).toBe(true);
      const after = await store.readAll({ after: all[1], maxCount: 2 });
      expect(after.map((e) => e.data.i)).toEqual([2, 3]);
      expect(await internalsOf(store).countAfter(all[3])).toBe(1);
      expect(await internalsOf(store).countAfter(undefined)).toBe(5);
    });

    it('keeps read models in the append transaction: get, find, paging, rollback', async () => {
      for (let i = 0; i < 5; i++) {
        await store.appendToStream(`Order-${i}`, [
          event('OrderCreated', { name: `o${i}`, tags: i % 2 ? ['odd'] : ['even'] }),
        ]);
      }
      expect(await store.documents.get('orders', 'Order-3')).toEqual({ name: 'o3', tags: ['odd'] });
      expect(await store.documents.get('orders', 'Order-x')).toBeUndefined();
      const odd = await store.documents.find<{ name: string }>('orders', { tags: ['odd'] });
      expect(odd).toEqual({
        items: [
          { name: 'o1', tags: ['odd'] },
          { name: 'o3', tags: ['odd'] },
        ],
        total: 2,
      });
      const page = await store.documents.find<{ name: string }>('orders', {}, { offset: 1, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((d) => d.name)).toEqual(['o1', 'o2']);
      const failed = store.appendToStream('Order-1', [
        event('OrderRenamed', { name: 'renamed', fail: true }),
      ]);
      await expect(failed).rejects.toThrow('projection refused');
      expect(await store.documents.get('orders', 'Order-1')).toEqual({ name: 'o1', tags: ['odd'] });
      expect((await store.readStream('Order-1')).currentVersion).toBe(0);
    });

    it('stores checkpoints and snapshots', async () => {
      expect(await store.loadCheckpoint('sub')).toBeUndefined();
      await store.storeCheckpoint('sub', { transactionId: 7n, globalPosition: 9n });
      await store.storeCheckpoint('sub', { transactionId: 8n, globalPosition: 12n });
      expect(await store.loadCheckpoint('sub')).toEqual({ transactionId: 8n, globalPosition: 12n });
      const snapshots = internalsOf(store).snapshots;
      expect(await snapshots.read('S')).toBeUndefined();
      await snapshots.write('S', { version: 3, state: { total: 5, items: [{ a: 1 }] } });
      await snapshots.write('S', { version: 4, state: { total: 6, items: [] } });
      expect(await snapshots.read('S')).toEqual({ version: 4, state: { total: 6, items: [] } });
    });

    it('reports database time to the observer: appends with their count and conflicts, reads', async () => {
      const appends: [number, boolean][] = [];
      let reads = 0;
      const observed = await backend.open({
        observer: {
          onAppend: (_ms, count, conflict) => void appends.push([count, conflict]),
          onRead: () => void reads++,
        },
      });
      try {
        await observed.appendToStream('O', [event('E'), event('E')], { expectedVersion: 'no_stream' });
        await expect(observed.appendToStream('O', [event('E')], { expectedVersion: 0 })).rejects.toThrow();
        await observed.readStream('O');
        await observed.readAll();
        await observed.documents.get('orders', 'O');
        expect(appends).toEqual([
          [2, false],
          [1, true],
        ]);
        expect(reads).toBe(3);
      } finally {
        await observed.close();
      }
    });

    it('returns events that callers cannot change in the store', async () => {
      await store.appendToStream('M', [event('E', { nested: { n: 1 } })]);
      const [read] = (await store.readStream('M')).events;
      try {
        (read.data.nested as { n: number }).n = 2;
      } catch {
        // frozen in memory: that is the point
      }
      expect((await store.readStream('M')).events[0].data).toEqual({ nested: { n: 1 } });
    });
  });
}

// Here rather than in a file of its own: this file already pays for the in-memory PGlite template.
describe('getEventStoreFromEnv', () => {
  it('opens in-memory PGlite for DATA_DIR=memory://', async () => {
    const store = await getEventStoreFromEnv({ DATA_DIR: 'memory://' });
    try {
      expect(store.backend).toBe('pglite');
    } finally {
      await store.close();
    }
  });

  describe.skipIf(!databaseUrl)('with DATABASE_URL', () => {
    const schema = randomSchema();
    afterAll(() => dropSchemas(databaseUrl!, [schema]));

    it('opens PostgreSQL in DATABASE_SCHEMA', async () => {
      const store = await getEventStoreFromEnv({
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        DATA_DIR: 'x',
      });
      try {
        expect(store.backend).toBe('postgres');
        await store.appendToStream('Env-1', [{ type: 'E', data: {} }]);
        expect((await store.readStream('Env-1')).currentVersion).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
});
