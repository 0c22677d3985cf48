import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from './pglite.ts';
import { openMigrated, templateFile } from './pglite-template.ts';
import { inMemoryInitDbParams, inMemoryStartParams } from './pglite-wal.ts';

const scratch = mkdtempSync(join(tmpdir(), 'journeys-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const settings = { migrationsFolder, startParams: inMemoryStartParams, initDbParams: inMemoryInitDbParams };

describe('the migrated database kept on disk', () => {
  it('is written by the first opener and loaded by the next, each a migrated, empty database', async () => {
    const dir = join(scratch, 'fresh');
    const file = templateFile({ ...settings, dir });
    expect(existsSync(file)).toBe(false);
    const first = await openMigrated({ ...settings, dir });
    const written = statSync(file);
    const second = await openMigrated({ ...settings, dir });
    try {
      for (const client of [first, second]) {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
        expect(rows).toEqual([{ n: 0 }]);
        const segment = await client.query<{ wal_segment_size: string }>('SHOW wal_segment_size');
        expect(segment.rows[0].wal_segment_size).toBe('1MB');
      }
      // Two databases, not one shared.
      await first.exec('CREATE TABLE only_in_first (n int)');
      const { rows } = await second.query<{ found: string | null }>(
        "SELECT to_regclass('only_in_first') AS found",
      );
      expect(rows).toEqual([{ found: null }]);
      // Loading did not write it again.
      expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
    } finally {
      await first.close();
      await second.close();
    }
  }, 300_000);

  it('replaces a damaged dump', async () => {
    const dir = join(scratch, 'damaged');
    const file = templateFile({ ...settings, dir });
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, 'not a tar file');
    const client = await openMigrated({ ...settings, dir });
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      expect(rows).toEqual([{ n: 0 }]);
      expect(readFileSync(file).length).toBeGreaterThan(1_000_000);
    } finally {
      await client.close();
    }
  }, 300_000);

  it('names the dump after what makes the database: other settings, another file', () => {
    const dir = join(scratch, 'names');
    const base = templateFile({ ...settings, dir });
    expect(templateFile({ ...settings, dir })).toBe(base);
    expect(
      templateFile({ ...settings, dir, startParams: [...inMemoryStartParams, '-c', 'work_mem=8MB'] }),
    ).not.toBe(base);
    expect(templateFile({ ...settings, dir, initDbParams: [] })).not.toBe(base);
  });
});
