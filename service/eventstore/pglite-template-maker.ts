/**
 * Makes the migrated database's dump (initdb, then the migrations) and writes it to a file.
 *
 * `pglite-template.ts` runs this module as a short-lived process of its own: PGlite's
 * initdb runs in a second, nested instance, and WebAssembly memory never shrinks, so a
 * process that made the dump kept the memory of three databases at its peak (546 MiB
 * where the service alone peaks at ~320). A child that exits takes that memory with it;
 * the service then loads the dump as on every later run.
 *
 *   node service/eventstore/pglite-template-maker.ts '<TemplateRequest as JSON>'
 *
 * Started with an IPC channel, it sends its peak memory (`MakerReport`) before it exits.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migratePGlite } from './pglite-migrate.ts';

export interface TemplateRequest {
  /** Where the dump goes; its folder is made if missing. */
  file: string;
  migrationsFolder: string;
  startParams: readonly string[];
  initDbParams?: readonly string[];
}

/**
 * V8 settings for the maker's process: initdb runs once, so TurboFan's recompilation of
 * PGlite's hot functions would cost memory and CPU it never paid back, and loading drizzle's
 * migrator makes short-lived garbage that a small young generation collects as it goes.
 */
export const MAKER_NODE_FLAGS: readonly string[] = ['--liftoff-only', '--max-semi-space-size=2'];

/** A dump's file name: `migrated-` and 16 hex digits of its settings' digest. */
const DUMP_NAME = /^migrated-[0-9a-f]{16}\.tar$/;
/** A dump being written (by the process whose id it carries): renamed to its final name once complete. */
const PARTIAL_NAME = /^migrated-[0-9a-f]{16}\.tar\.\d+\.partial$/;

/** Another version's dump not opened for this long is removed when a new dump is written. */
export const UNUSED_DUMP_MS = 7 * 24 * 3600 * 1000;
/** A partial dump this old was left by a writer that died (writing one takes a second). */
const ABANDONED_PARTIAL_MS = 3600 * 1000;

/**
 * Runs initdb and the migrations in an instance of its own, closed after the dump.
 *
 * @example
 * const dump = await makeDump({ file, migrationsFolder, startParams });
 */
export async function makeDump(request: TemplateRequest): Promise<Blob> {
  const client = await PGlite.create({
    startParams: [...request.startParams],
    initDbStartParams: request.initDbParams && [...request.initDbParams],
  });
  try {
    await migratePGlite(client, request.migrationsFolder);
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

/**
 * Writes the dump aside and renames it (a reader never sees half of it), then removes
 * what earlier versions left in the folder. Throws where the file cannot be written.
 *
 * @example
 * await writeDump(file, await makeDump(request));
 */
export async function writeDump(file: string, dump: Blob): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  removeStaleDumps(dirname(file), basename(file));
}

/**
 * Removes, beside the dump just written, other dumps that no run has opened for
 * `UNUSED_DUMP_MS` (an opener touches its dump) and partial dumps abandoned by their writer.
 * Another checkout's dump in use stays: removing it would make its next run a first run.
 * Only our own names are touched, and a file that cannot be removed is left.
 *
 * @example
 * removeStaleDumps(dir, 'migrated-0123456789abcdef.tar');
 */
export function removeStaleDumps(dir: string, keep: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === keep) continue;
    const unusedFor = PARTIAL_NAME.test(name)
      ? ABANDONED_PARTIAL_MS
      : DUMP_NAME.test(name)
        ? UNUSED_DUMP_MS
        : undefined;
    if (unusedFor === undefined || now - modifiedMs(join(dir, name)) <= unusedFor) continue;
    try {
      rmSync(join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

function modifiedMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY; // gone: nothing to remove
  }
}

/** What the maker tells the process that started it, over the IPC channel, before it exits. */
export interface MakerReport {
  /** The maker's peak resident memory: /proc keeps no peak of a process that has ended. */
  peakRssBytes: number;
}

if (import.meta.main) {
  const request = JSON.parse(process.argv[2] ?? '') as TemplateRequest;
  await writeDump(request.file, await makeDump(request));
  if (process.send) {
    // maxRSS (kB) is the process's peak so far, and the work is done: this is its peak.
    const report: MakerReport = { peakRssBytes: process.resourceUsage().maxRSS * 1024 };
    process.send(report, () => process.disconnect());
  }
}
