import { afterAll, describe, expect, it } from 'vitest';
import {
  databaseUrl,
  memoryBackend,
  pgliteBackend,
  postgresBackend,
  readAllWhen,
  type TestBackend,
} from '../testing/test-backends.ts';
import { resetStore } from './reset.ts';
import { snapshotStoreOf } from './snapshots.ts';
import { startSubscriber } from './subscriber.ts';
import type { InlineProjection } from './types.ts';

const counted: InlineProjection = {
  name: 'counted',
  handles: ['Counted'],
  apply: async (events, documents) => {
    for (const event of events)
      await documents.put('counted', event.streamId, { version: event.streamVersion });
  },
};

const backends: TestBackend[] = [
  memoryBackend(),
  pgliteBackend(),
  ...(databaseUrl ? [postgresBackend()] : []),
];

describe.each(backends)('resetStore on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('empties events, streams, documents, checkpoints and snapshots, and the log starts again at 1', {
    timeout: 180_000,
  }, async () => {
    const store = await backend.open({ projections: [counted] });
    try {
      for (const stream of ['Counter-a', 'Counter-b', 'Counter-c']) {
        await store.appendToStream(stream, [
          { type: 'Counted', data: {} },
          { type: 'Other', data: {} },
        ]);
      }
      await snapshotStoreOf(store).write('Counter-a', { version: 1, state: { n: 2 } });
      const follower = startSubscriber(store, { name: 'follower', handle: async () => {}, pollMs: 10 });
      await follower.caughtUp();
      await follower.stop();

      expect(await resetStore(store)).toEqual({
        events: 6,
        streams: 3,
        documents: 3,
        checkpoints: 1,
        snapshots: 1,
      });
      expect(await resetStore(store)).toEqual({
        events: 0,
        streams: 0,
        documents: 0,
        checkpoints: 0,
        snapshots: 0,
      });
      expect((await store.readStream('Counter-a')).streamExists).toBe(false);
      expect(await store.documents.find('counted')).toEqual({ items: [], total: 0 });
      expect(await store.loadCheckpoint('follower')).toBeUndefined();
      expect(await snapshotStoreOf(store).read('Counter-a')).toBeUndefined();

      // The same stream again, from scratch: version 0, first position of the log.
      const again = await store.appendToStream('Counter-a', [{ type: 'Counted', data: {} }], {
        expectedVersion: 'no_stream',
      });
      expect(again).toEqual({ appended: true, nextExpectedVersion: 0, lastGlobalPosition: 1n });
      const follower2 = startSubscriber(store, { name: 'follower', handle: async () => {}, pollMs: 10 });
      expect(await follower2.lag()).toBe(1);
      await follower2.caughtUp();
      await follower2.stop();
      const log = await readAllWhen(store, (events) => events.length === 1);
      expect(log.map((event) => [event.streamId, event.globalPosition])).toEqual([['Counter-a', 1n]]);
    } finally {
      await store.close();
    }
  });
});
