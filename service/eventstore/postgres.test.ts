import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, dropSchemas, randomSchema, readAllWhen } from '../testing/test-backends.ts';
import { internalsOf } from './internals.ts';
import { getPostgresEventStore, openPostgresClient } from './postgres.ts';
import { getReadOnlyEventStore } from './read-only.ts';
import { startSubscriber } from './subscriber.ts';
import type { InlineProjection } from './types.ts';

const url = databaseUrl ?? '';
const schema = randomSchema();

const profiles: InlineProjection = {
  name: 'profiles',
  handles: ['Profiled'],
  apply: async (events, documents) => {
    for (const event of events) await documents.put('profiles', event.streamId, event.data);
  },
};

describe.skipIf(!databaseUrl)('PostgreSQL event store', () => {
  afterAll(() => dropSchemas(url, [schema]));

  it('creates its schema and runs migrations idempotently (twice, and concurrently)', async () => {
    const stores = await Promise.all([1, 2, 3].map(() => getPostgresEventStore({ url, schema, max: 2 })));
    await Promise.all(stores.map((store) => store.close()));
    const again = await getPostgresEventStore({ url, schema, max: 2 });
    await again.close();
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const journal = await sql`SELECT count(*)::int AS n FROM ${sql(schema)}.__drizzle_migrations`;
      expect(journal[0].n).toBe(1);
      const tables =
        await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = ${schema} ORDER BY 1`;
      expect(tables.map((t) => t.table_name)).toEqual([
        '__drizzle_migrations',
        'checkpoints',
        'documents',
        'events',
        'snapshots',
        'streams',
      ]);
    } finally {
      await sql.end();
    }
  });

  it('stores jsonb as objects and reads them back as objects, never as strings', async () => {
    const store = await getPostgresEventStore({ url, schema, projections: [profiles] });
    const data = {
      name: 'Ada',
      tags: ['a', 'b'],
      nested: { n: 1, ok: true, none: null },
      text: '{"looks":"like json"}',
    };
    try {
      await store.appendToStream('Json-1', [{ type: 'Profiled', data, metadata: { correlationId: 'c-1' } }]);
      await internalsOf(store).snapshots.write('Json-1', { version: 0, state: data });
      const [event] = (await store.readStream('Json-1')).events;
      expect(event.data).toEqual(data);
      expect(event.metadata).toEqual({ correlationId: 'c-1' });
      const all = await readAllWhen(store, (events) => events.some((e) => e.streamId === 'Json-1'));
      expect(all.find((e) => e.streamId === 'Json-1')!.data).toEqual(data);
      expect(await store.documents.get('profiles', 'Json-1')).toEqual(data);
      expect((await store.documents.find('profiles', { nested: { ok: true } })).items).toEqual([data]);
      expect(await internalsOf(store).snapshots.read('Json-1')).toEqual({ version: 0, state: data });
    } finally {
      await store.close();
    }
    const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { search_path: schema } });
    try {
      const [row] = await sql`
        SELECT jsonb_typeof(e.data) AS event, jsonb_typeof(e.metadata) AS metadata,
          (SELECT jsonb_typeof(data) FROM documents WHERE id = 'Json-1') AS document,
          (SELECT jsonb_typeof(state) FROM snapshots WHERE stream_id = 'Json-1') AS snapshot
        FROM events e WHERE stream_id = 'Json-1'`;
      expect(row).toEqual({ event: 'object', metadata: 'object', document: 'object', snapshot: 'object' });
    } finally {
      await sql.end();
    }
  });

  it('serves reads from a read-only store that has no append and a connection that refuses writes', async () => {
    const store = await getPostgresEventStore({ url, schema });
    const reads = await getReadOnlyEventStore({
      primary: store,
      env: { DATABASE_READ_URL: url, DATABASE_SCHEMA: schema },
    });
    try {
      await store.appendToStream('Read-1', [{ type: 'Noted', data: { n: 1 } }]);
      expect((await reads.readStream('Read-1')).events.map((e) => e.data)).toEqual([{ n: 1 }]);
      const all = await readAllWhen(reads, (events) => events.some((e) => e.streamId === 'Read-1'));
      expect(all.some((e) => e.streamId === 'Read-1')).toBe(true);
      expect('appendToStream' in reads).toBe(false);
    } finally {
      await reads.close();
      await store.close();
    }
    const readOnly = openPostgresClient(url, { schema, max: 1, readOnly: true });
    try {
      await expect(readOnly`INSERT INTO streams VALUES ('x', 0)`).rejects.toMatchObject({ code: '25006' });
    } finally {
      await readOnly.end();
    }
  });

  it('runs a subscriber on one instance at a time; another takes over when it stops', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => getPostgresEventStore({ url, schema, max: 3 })));
    const handled: Record<string, number> = { a: 0, b: 0 };
    const subscribe = (store: typeof a, who: 'a' | 'b') =>
      startSubscriber(store, {
        name: 'exclusive',
        pollMs: 10,
        handle: async (events) => {
          handled[who] += events.length;
        },
      });
    await a.appendToStream('Sub-0', [{ type: 'Noted', data: {} }]);
    const first = subscribe(a, 'a');
    try {
      await first.caughtUp(); // `a` handled an event, so it holds the lock before `b` starts
      const second = subscribe(b, 'b');
      const before = handled.a;
      await a.appendToStream('Sub-1', [{ type: 'Noted', data: {} }]);
      await first.caughtUp();
      expect(handled).toEqual({ a: before + 1, b: 0 });
      await first.stop();
      await b.appendToStream('Sub-1', [{ type: 'Noted', data: {} }]);
      await second.caughtUp(10_000);
      expect(handled).toEqual({ a: before + 1, b: 1 });
      await second.stop();
    } finally {
      await first.stop();
      await Promise.all([a.close(), b.close()]);
    }
  });
});
