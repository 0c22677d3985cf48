import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import {
  databaseUrl,
  memoryBackend,
  pgliteBackend,
  postgresBackend,
  type TestBackend,
} from '../testing/test-backends.ts';
import { ExpectedVersionConflict } from './store-errors.ts';
import { startSubscriber } from './subscriber.ts';
import type { InlineProjection, ReadAllEvent } from './types.ts';

// PGlite serializes everything on one connection: smaller numbers keep it quick, the checks are the same.
const backends: [TestBackend, boolean, { streams: number; writers: number; perWriter: number }][] = [
  [memoryBackend(), true, { streams: 5, writers: 8, perWriter: 200 }],
  [pgliteBackend(), true, { streams: 2, writers: 4, perWriter: 50 }],
  [postgresBackend(), Boolean(databaseUrl), { streams: 5, writers: 8, perWriter: 200 }],
];

/** Fixed-seed pseudo-random numbers (mulberry32), so the interleaving pressure is the same every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

for (const [backend, enabled, load] of backends) {
  describe.skipIf(!enabled)(`event store under concurrency: ${backend.name}`, () => {
    afterAll(() => backend.cleanup());

    it('lets exactly one of two writers at the same expected version win, 50 times', async () => {
      const store = await backend.open();
      try {
        const streams = Array.from({ length: load.streams }, (_, s) => s);
        const outcomes = await Promise.all(
          streams.map(async (s) => {
            const wins: number[] = [];
            for (let version = -1; version < 49; version++) {
              const expectedVersion = version === -1 ? ('no_stream' as const) : version;
              const pair = await Promise.allSettled(
                ['a', 'b'].map((writer) =>
                  store.appendToStream(`Race-${s}`, [{ type: 'Raced', data: { writer, version } }], {
                    expectedVersion,
                  }),
                ),
              );
              const failures = pair.filter((r) => r.status === 'rejected');
              expect(failures).toHaveLength(1);
              expect((failures[0] as PromiseRejectedResult).reason).toBeInstanceOf(ExpectedVersionConflict);
              wins.push(pair.findIndex((r) => r.status === 'fulfilled'));
            }
            return wins.length;
          }),
        );
        expect(outcomes).toEqual(streams.map(() => 50));
        for (const s of streams) {
          const { events, currentVersion } = await store.readStream(`Race-${s}`);
          expect(currentVersion).toBe(49);
          expect(events.map((e) => e.data.version)).toEqual(Array.from({ length: 50 }, (_, i) => i - 1));
        }
      } finally {
        await store.close();
      }
    });

    it('delivers every event to a subscriber exactly once, in order, while commits land out of order', async () => {
      const jitter = random(42);
      // Holds some append transactions open after their insert took a position, so later
      // positions commit first: the case a naive "position > checkpoint" reader skips.
      const stall: InlineProjection = {
        name: 'stall',
        handles: ['Written'],
        apply: async () => {
          if (jitter() < 0.3) await sleep(Math.floor(jitter() * 8));
        },
      };
      const store = await backend.open({ projections: [stall] });
      const seen: ReadAllEvent[] = [];
      const subscriber = startSubscriber(store, {
        name: 'collector',
        pollMs: 5,
        batchSize: 50,
        handle: async (events) => void seen.push(...events),
      });
      try {
        const { writers, perWriter } = load;
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < perWriter; i++) {
              await store.appendToStream(`Writer-${w}`, [{ type: 'Written', data: { w, i } }], {
                expectedVersion: i - 1,
              });
            }
          }),
        );
        await subscriber.caughtUp(30_000);
        expect(await subscriber.lag()).toBe(0);
        expect(seen).toHaveLength(writers * perWriter);
        expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);
        const order = seen.map((e) => [e.transactionId, e.globalPosition] as const);
        const sorted = [...order].sort(([ta, pa], [tb, pb]) =>
          ta === tb ? Number(pa - pb) : Number(ta - tb),
        );
        expect(order).toEqual(sorted);
        for (let w = 0; w < writers; w++) {
          const mine = seen.filter((e) => e.streamId === `Writer-${w}`).map((e) => e.data.i);
          expect(mine).toEqual(Array.from({ length: perWriter }, (_, i) => i));
        }
      } finally {
        await subscriber.stop();
        await store.close();
      }
    });
  });
}
