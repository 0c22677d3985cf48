import { describe, expect, it } from 'vitest';
import { getMemoryEventStore } from './memory.ts';
import { startSubscriber } from './subscriber.ts';
import type { ReadAllEvent } from './types.ts';

describe('startSubscriber', () => {
  it('hands over only the types it handles, checkpoints, and resumes where it stopped', async () => {
    const store = getMemoryEventStore();
    await store.appendToStream('A', [
      { type: 'Wanted', data: { n: 1 } },
      { type: 'Ignored', data: {} },
    ]);
    const seen: number[] = [];
    const options = {
      name: 'picky',
      handles: ['Wanted'],
      pollMs: 5,
      batchSize: 2,
      handle: async (events: readonly ReadAllEvent[]) =>
        void seen.push(...events.map((e) => e.data.n as number)),
    };
    const first = startSubscriber(store, options);
    await first.caughtUp();
    await first.stop();
    expect(await store.loadCheckpoint('picky')).toEqual({ transactionId: 0n, globalPosition: 2n });
    await store.appendToStream('A', [
      { type: 'Wanted', data: { n: 2 } },
      { type: 'Wanted', data: { n: 3 } },
      { type: 'Wanted', data: { n: 4 } },
    ]);
    expect(await first.lag()).toBe(3);
    const second = startSubscriber(store, options);
    await second.caughtUp();
    await second.stop();
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('retries a failed batch (at-least-once) and reports the error', async () => {
    const store = getMemoryEventStore();
    await store.appendToStream('A', [{ type: 'E', data: {} }]);
    const errors: unknown[] = [];
    let calls = 0;
    const subscriber = startSubscriber(store, {
      name: 'flaky',
      pollMs: 5,
      onError: (error) => errors.push(error),
      handle: async () => {
        calls++;
        if (calls === 1) throw new Error('first try fails');
      },
    });
    await subscriber.caughtUp();
    await subscriber.stop();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['first try fails']);
  });

  it('runs one instance per name in a process; caughtUp gives up after its bound', async () => {
    const store = getMemoryEventStore();
    await store.appendToStream('A', [{ type: 'E', data: {} }]);
    let handledBySecond = 0;
    const blocked = startSubscriber(store, { name: 'solo', pollMs: 5, handle: () => new Promise(() => {}) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = startSubscriber(store, {
      name: 'solo',
      pollMs: 5,
      handle: async () => void handledBySecond++,
    });
    await expect(second.caughtUp(100)).rejects.toThrow('subscriber solo did not catch up within 100 ms');
    expect(handledBySecond).toBe(0);
    await second.stop();
    void blocked.stop(); // its handler never settles; nothing else to wait for
  });
});
