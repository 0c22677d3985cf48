import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { checkpointPeriodically, pgliteStartParams } from './pglite-wal.ts';

const walFiles = async (db: PGlite) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_ls_waldir()')).rows[0].n;

describe('checkpointPeriodically', () => {
  it('keeps the write-ahead log of a single-user PGlite at a few segments', {
    timeout: 180_000,
  }, async () => {
    const db = await PGlite.create({ startParams: [...pgliteStartParams] });
    const errors: unknown[] = [];
    const stop = checkpointPeriodically((text) => db.exec(text), {
      everyMs: 20,
      afterBytes: 2 ** 20,
      onError: (error) => errors.push(error),
    });
    try {
      expect((await db.query('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '32MB' }]);
      await db.exec('CREATE TABLE t (id serial PRIMARY KEY, d jsonb)');
      // ~12 MiB of WAL a batch: 6 batches would leave 5+ segments of 16 MiB without checkpoints.
      for (let batch = 0; batch < 6; batch++) {
        await db.exec(
          `INSERT INTO t (d) SELECT jsonb_build_object('pad', repeat('x', 300)) FROM generate_series(1, 20000)`,
        );
        await new Promise((resolve) => setTimeout(resolve, 100)); // a check runs between batches
      }
      expect(await walFiles(db)).toBeLessThanOrEqual(3);
      expect(errors).toEqual([]);
    } finally {
      await stop();
      await db.close();
    }
  });
});
