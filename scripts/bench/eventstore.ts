/**
 * Event-store benchmark: each op loads an aggregate (from the cache or a snapshot when on,
 * then the events after it) and appends one event with the expected version.
 *
 *   npm run bench:eventstore                         # memory, defaults
 *   BACKEND=postgres SNAPSHOT=20 CACHE=10000 N=20000 npm run bench:eventstore
 *
 * Env: N ops (20000), U aggregates (1000), B ops per progress line (N/10), C concurrent
 * workers (8), BACKEND memory|pglite|postgres (DATABASE_URL; a scratch schema, dropped after),
 * SNAPSHOT every-N-events (0 = off), CACHE LRU size (0 = off), LOAD_AFTER_SAVE=1 to load
 * the aggregate again after each append, MAX_SECONDS bound (120), CEILING_SECONDS (5; 0 skips).
 * With postgres it also measures PostgreSQL's own single-insert rate and our raw appends
 * against it.
 */
import { randomBytes } from 'node:crypto';
import { createAggregateCache } from '../../service/eventstore/aggregate-cache.ts';
import { getMemoryEventStore } from '../../service/eventstore/memory.ts';
import { shouldSnapshot, snapshotStoreOf } from '../../service/eventstore/snapshots.ts';
import type { EventStore } from '../../service/eventstore/types.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const N = number('N', 20_000);
const U = number('U', 1000);
const B = number('B', Math.max(1, Math.floor(N / 10)));
const C = number('C', 8);
const SNAPSHOT = number('SNAPSHOT', 0);
const CACHE = number('CACHE', 0);
const LOAD_AFTER_SAVE = env.LOAD_AFTER_SAVE === '1' || env.LOAD_AFTER_SAVE === 'true';
const MAX_SECONDS = number('MAX_SECONDS', 120);
const backend = env.BACKEND ?? 'memory';
const url = env.DATABASE_URL ?? '';
const schema = `bench_${randomBytes(4).toString('hex')}`;

type Counter = { count: number; total: number };
const evolve = (state: Counter, by: number): Counter => ({ count: state.count + 1, total: state.total + by });

// The SQL backends are imported only when chosen: loading PGlite and postgres.js leaves ~100 MB
// of garbage that V8 otherwise collected inside the timed loop of a memory run (~0.2 s of GC).
async function open(): Promise<EventStore> {
  if (backend === 'memory') return getMemoryEventStore();
  if (backend === 'pglite') {
    const { getPGliteEventStore } = await import('../../service/eventstore/pglite.ts');
    return getPGliteEventStore({ dataDir: env.DATA_DIR });
  }
  if (backend === 'postgres') {
    if (!url) throw new Error('BACKEND=postgres needs DATABASE_URL');
    const { getPostgresEventStore } = await import('../../service/eventstore/postgres.ts');
    return getPostgresEventStore({ url, schema, max: C + 2 });
  }
  throw new Error(`BACKEND must be memory, pglite or postgres, not "${backend}"`);
}

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const rate = (ops: number, ms: number) => Math.round(ops / (ms / 1000)).toLocaleString('en-US');

async function main() {
  const store = await open();
  const snapshots = snapshotStoreOf(store);
  const cache = CACHE > 0 ? createAggregateCache(CACHE) : undefined;

  async function load(streamId: string): Promise<{ state: Counter; version: number }> {
    let start =
      cache?.get<Counter>(streamId) ?? (SNAPSHOT > 0 ? await snapshots.read<Counter>(streamId) : undefined);
    start ??= { state: { count: 0, total: 0 }, version: -1 };
    const { events } = await store.readStream(streamId, { fromVersion: start.version + 1 });
    let state = start.state;
    for (const event of events) state = evolve(state, event.data.by as number);
    return { state, version: start.version + events.length };
  }

  console.log(
    `backend=${backend} N=${N} U=${U} C=${C} SNAPSHOT=${SNAPSHOT} CACHE=${CACHE} LOAD_AFTER_SAVE=${LOAD_AFTER_SAVE}`,
  );
  const deadline = performance.now() + MAX_SECONDS * 1000;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let done = 0;
  let claimed = 0;
  let lastLine = started;
  const workers = Math.min(C, U);
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      // Worker w owns aggregates w, w+C, …: no two workers race on a stream, so no conflicts to retry.
      const owned = Array.from(
        { length: Math.ceil((U - worker) / workers) },
        (_, i) => `Counter-${worker + i * workers}`,
      );
      for (let mine = 0; claimed < N && performance.now() < deadline; mine++) {
        claimed++;
        const streamId = owned[mine % owned.length];
        const { state, version } = await load(streamId);
        const next = evolve(state, 1);
        const result = await store.appendToStream(streamId, [{ type: 'Incremented', data: { by: 1 } }], {
          expectedVersion: version,
        });
        cache?.set(streamId, { state: next, version: result.nextExpectedVersion });
        if (shouldSnapshot(SNAPSHOT, version, result.nextExpectedVersion)) {
          await snapshots.write(streamId, { state: next, version: result.nextExpectedVersion });
        }
        if (LOAD_AFTER_SAVE) await load(streamId);
        done++;
        if (done % B === 0) {
          const now = performance.now();
          const memory = process.memoryUsage();
          console.log(
            `ops ${done}/${N}  ${rate(B, now - lastLine)} ops/s  heap ${mib(memory.heapUsed)} MiB  rss ${mib(memory.rss)} MiB`,
          );
          lastLine = now;
        }
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // On a shared machine wall-clock rates swing with the neighbours; ops per CPU-second of this
  // process does not (for memory it is the rate one free core would reach).
  console.log(
    `total: ${done} ops in ${(elapsed / 1000).toFixed(2)} s = ${rate(done, elapsed)} ops/s ` +
      `(${rate(done, cpuMs)} ops per CPU-second of this process)`,
  );

  const seconds = number('CEILING_SECONDS', 5);
  if (backend === 'postgres' && seconds > 0) {
    const { measureInsertCeiling } = await import('./insert-ceiling.ts');
    const ceiling = await measureInsertCeiling(url, { concurrency: C, seconds });
    const appendsPerSecond = await rawAppends(store, seconds);
    console.log(
      `insert ceiling (${ceiling.tool}, ${C} clients, single-row INSERT): ${Math.round(ceiling.insertsPerSecond).toLocaleString('en-US')}/s`,
    );
    console.log(
      `raw appends (${C} clients, 1 event, exact expected version): ${Math.round(appendsPerSecond).toLocaleString('en-US')}/s = ` +
        `${((100 * appendsPerSecond) / ceiling.insertsPerSecond).toFixed(0)}% of the ceiling`,
    );
  }
  await store.close();
  if (backend === 'postgres') {
    const { dropSchemas } = await import('../../service/testing/test-backends.ts');
    await dropSchemas(url, [schema]);
  }
}

/** Appends without loading: C workers, each on its own stream, for `seconds`. */
async function rawAppends(store: EventStore, seconds: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let appends = 0;
  await Promise.all(
    Array.from({ length: C }, async (_, worker) => {
      for (let version = -1; performance.now() < deadline; version++) {
        await store.appendToStream(`Raw-${worker}`, [{ type: 'Incremented', data: { by: 1 } }], {
          expectedVersion: version,
        });
        appends++;
      }
    }),
  );
  return appends / ((performance.now() - started) / 1000);
}

await main();
