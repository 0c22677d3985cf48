/**
 * The freshly migrated in-memory database, kept on disk as a dump between processes.
 *
 * Creating a PGlite database runs initdb in WebAssembly: seconds of CPU and, because
 * WebAssembly memory never shrinks, an instance that ran initdb keeps the memory initdb
 * needed for its whole life. Loading a dump of an already migrated database skips both, so
 * an in-memory store (the runner's embedded service, every test) starts from the dump
 * whenever one exists. The dump is made once per machine for each PGlite version, set of
 * migrations and settings (they name the file), in the system's temporary folder.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, openAsBlob, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

export interface TemplateOptions {
  migrationsFolder: string;
  startParams: readonly string[];
  /** initdb's own options (what only initdb can set, such as the WAL segment size). */
  initDbParams?: readonly string[];
  /** Where dumps are kept. Default: `journeys-pglite` in the system's temporary folder. */
  dir?: string;
}

/** Per dump file: how to get the dump, once this process has made it (or found it). */
const made = new Map<string, Promise<() => Promise<Blob>>>();

/**
 * Opens an in-memory PGlite holding the migrated, empty database: from the dump on disk when
 * there is one, else by initdb and migrations (and the dump is written for next time). A
 * dump that cannot be loaded (damaged) is replaced.
 *
 * @example
 * const client = await openMigrated({ migrationsFolder, startParams: pgliteStartParams });
 */
export async function openMigrated(options: TemplateOptions): Promise<PGlite> {
  const file = templateFile(options);
  const startParams = [...options.startParams];
  if (!made.has(file)) {
    try {
      const client = await PGlite.create({ loadDataDir: await openAsBlob(file), startParams });
      made.set(
        file,
        Promise.resolve(() => openAsBlob(file)),
      );
      return client;
    } catch {
      // No dump yet, or one that does not load: make it (once per process, whoever asks first).
    }
  }
  let making = made.get(file);
  if (making === undefined) {
    making = makeTemplate(file, options);
    made.set(file, making);
    making.catch(() => made.delete(file));
  }
  const dump = await making;
  return PGlite.create({ loadDataDir: await dump(), startParams });
}

/** The dump's path: its name is a digest of everything that makes the database what it is. */
export function templateFile(options: TemplateOptions): string {
  const hash = createHash('sha256');
  hash.update(pgliteVersion());
  hash.update(JSON.stringify([options.startParams, options.initDbParams]));
  for (const name of filesUnder(options.migrationsFolder)) {
    hash.update(name);
    hash.update(readFileSync(join(options.migrationsFolder, name)));
  }
  const dir = options.dir ?? join(tmpdir(), 'journeys-pglite');
  return join(dir, `migrated-${hash.digest('hex').slice(0, 16)}.tar`);
}

/**
 * Runs initdb and the migrations in an instance of its own, closed after the dump (so the
 * memory initdb grew goes with it), and writes the dump. Where the file cannot be written
 * (a read-only temporary folder), this process keeps the dump in memory instead.
 */
async function makeTemplate(file: string, options: TemplateOptions): Promise<() => Promise<Blob>> {
  const client = await PGlite.create({
    startParams: [...options.startParams],
    initDbStartParams: options.initDbParams && [...options.initDbParams],
  });
  let dump: Blob;
  try {
    await migrate(drizzle({ client }), { migrationsFolder: options.migrationsFolder });
    dump = await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
  // Written aside and renamed: another process reading the dump never sees half of it.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
    renameSync(partial, file);
  } catch {
    rmSync(partial, { force: true });
    return async () => dump;
  }
  return () => openAsBlob(file);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath.slice(folder.length), entry.name))
    .sort();
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = dirname(entry);
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === '@electric-sql/pglite') return manifest.version ?? '';
    } catch {
      // not this folder
    }
    dir = dirname(dir);
  }
  return '';
}
