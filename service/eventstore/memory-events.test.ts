import { describe, expect, it } from 'vitest';
import { newEventId } from './event-id.ts';
import { frozenCopy, mutableCopy } from './json-copy.ts';
import { getMemoryEventStore } from './memory.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newEventId', () => {
  it('makes distinct version-4 UUIDs across batches', () => {
    const ids = Array.from({ length: 1000 }, newEventId);
    expect(ids.every((id) => uuidV4.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(1000);
  });
});

describe('json copies', () => {
  it('copy deeply; the frozen copy is frozen all the way down; non-JSON values keep their type', () => {
    const value = { a: [1, { b: 'c' }], d: null, at: new Date(5), tags: new Set(['x']) };
    const frozen = frozenCopy(value);
    expect(frozen).toEqual(value);
    expect(Object.isFrozen(frozen) && Object.isFrozen(frozen.a) && Object.isFrozen(frozen.a[1])).toBe(true);
    expect(frozen.a).not.toBe(value.a);
    expect(frozen.at).toBeInstanceOf(Date);
    expect(frozen.tags).toEqual(new Set(['x']));
    const mutable = mutableCopy(frozen);
    mutable.a.push(2);
    expect(Object.isFrozen(mutable)).toBe(false);
    expect(frozen.a).toEqual([1, { b: 'c' }]);
  });
});

describe('memory store layout of long streams', () => {
  it('reads, reads the log and re-appends ids the same before and after a stream is laid out again', async () => {
    const store = getMemoryEventStore();
    let early: unknown[] = [];
    // Two streams appended in turn, 40 events each: full reads lay stream A out at 32 events.
    for (let i = 0; i < 40; i++) {
      if (i === 2) early = (await store.readStream('A')).events;
      await store.appendToStream('A', [{ type: 'E', data: { i, nested: { n: i } } }], {
        expectedVersion: i - 1,
      });
      await store.appendToStream('B', [{ type: 'E', data: { i } }]);
      await store.readStream('A');
    }
    const { events } = await store.readStream('A');
    expect(events.map((e) => [e.streamVersion, e.data.i, e.globalPosition])).toEqual(
      Array.from({ length: 40 }, (_, i) => [i, i, BigInt(2 * i + 1)]),
    );
    expect(events.every((e) => Object.isFrozen(e) && Object.isFrozen(e.data.nested))).toBe(true);
    // Laid out again: equal events, no longer the same objects (so this test did cover a layout).
    expect(early[0]).toEqual(events[0]);
    expect(early[0]).not.toBe(events[0]);
    const all = await store.readAll();
    expect(all.map((e) => `${e.streamId}${e.data.i}`)).toEqual(
      Array.from({ length: 80 }, (_, k) => `${k % 2 ? 'B' : 'A'}${Math.floor(k / 2)}`),
    );
    expect(all.filter((e) => e.streamId === 'A').map((e) => e.id)).toEqual(events.map((e) => e.id));
    const again = await store.appendToStream('A', [{ id: events[3].id, type: 'E', data: {} }], {
      expectedVersion: 0,
    });
    expect(again).toEqual({ appended: false, nextExpectedVersion: 39, lastGlobalPosition: 7n });
  });
});
