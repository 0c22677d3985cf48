import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from './pglite.ts';
import { dumpMakerPeakRssBytes, openMigrated, templateFile } from './pglite-template.ts';
import { removeStaleDumps, UNUSED_DUMP_MS } from './pglite-template-maker.ts';
import { inMemoryInitDbParams, inMemoryStartParams } from './pglite-wal.ts';

const scratch = mkdtempSync(join(tmpdir(), 'journeys-template-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const settings = { migrationsFolder, startParams: inMemoryStartParams, initDbParams: inMemoryInitDbParams };

describe('the migrated database kept on disk', () => {
  it('is written by the first opener and loaded by the next, each a migrated, empty database', async () => {
    const dir = join(scratch, 'fresh');
    const file = templateFile({ ...settings, dir });
    expect(existsSync(file)).toBe(false);
    // Another version's dump, unused for longer than a week: the writer of a new one removes it.
    const stale = join(dir, 'migrated-0000000000000000.tar');
    mkdirSync(dir, { recursive: true });
    writeFileSync(stale, 'an old dump');
    ageBy(stale, UNUSED_DUMP_MS + 60_000);
    expect(dumpMakerPeakRssBytes()).toBeUndefined();
    const first = await openMigrated({ ...settings, dir });
    expect(readdirSync(dir)).toEqual([file.slice(dir.length + 1)]);
    // The child that made it reported its peak before it ended: initdb alone needs far more than 100 MiB.
    expect(dumpMakerPeakRssBytes()).toBeGreaterThan(100 * 2 ** 20);
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
      // Loading did not write it again (a new dump would be a new file, renamed into place).
      expect(statSync(file).ino).toBe(written.ino);
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

  it('is made where no file can be written, and kept in memory', async () => {
    const notAFolder = join(scratch, 'not-a-folder');
    writeFileSync(notAFolder, '');
    const client = await openMigrated({ ...settings, dir: notAFolder });
    try {
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await client.close();
    }
  }, 300_000);
});

describe('removing what earlier versions left', () => {
  it('removes only our dumps unused for a week and partial dumps abandoned an hour ago', () => {
    const dir = join(scratch, 'stale');
    mkdirSync(dir, { recursive: true });
    const now = Date.now();
    const files: Record<string, number> = {
      'migrated-1111111111111111.tar': 0, // the one just written
      'migrated-2222222222222222.tar': UNUSED_DUMP_MS + 60_000, // another version, unused: removed
      'migrated-3333333333333333.tar': UNUSED_DUMP_MS - 60_000, // another checkout's, in use: kept
      'migrated-4444444444444444.tar.123.partial': 2 * 3600_000, // its writer died: removed
      'migrated-5555555555555555.tar.456.partial': 1000, // being written: kept
      'migrated-old.tar': UNUSED_DUMP_MS * 2, // not our name: kept
      'notes.txt': UNUSED_DUMP_MS * 2,
    };
    for (const [name, age] of Object.entries(files)) {
      writeFileSync(join(dir, name), name);
      ageBy(join(dir, name), age, now);
    }
    const removed = removeStaleDumps(dir, 'migrated-1111111111111111.tar', now);
    expect(removed.sort()).toEqual([
      'migrated-2222222222222222.tar',
      'migrated-4444444444444444.tar.123.partial',
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'migrated-1111111111111111.tar',
      'migrated-3333333333333333.tar',
      'migrated-5555555555555555.tar.456.partial',
      'migrated-old.tar',
      'notes.txt',
    ]);
  });
});

function ageBy(path: string, ms: number, now = Date.now()): void {
  const then = new Date(now - ms);
  utimesSync(path, then, then);
}
