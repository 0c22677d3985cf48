/**
 * The freshly migrated in-memory database, kept on disk as a dump between processes.
 *
 * Creating a PGlite database runs initdb in WebAssembly: seconds of CPU and, because
 * WebAssembly memory never shrinks, an instance that ran initdb keeps the memory initdb
 * needed for its whole life. Loading a dump of an already migrated database skips both, so
 * an in-memory store (the runner's embedded service, every test) starts from the dump
 * whenever one exists. The dump is made once per machine for each PGlite version, set of
 * migrations and settings (they name the file), in the system's temporary folder, by a
 * short-lived process of its own (`pglite-template-maker.ts`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { openAsBlob, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import {
  MAKER_NODE_FLAGS,
  type MakerReport,
  makeDump,
  type TemplateRequest,
  writeDump,
} from './pglite-template-maker.ts';

export interface TemplateOptions {
  migrationsFolder: string;
  startParams: readonly string[];
  /** initdb's own options (what only initdb can set, such as the WAL segment size). */
  initDbParams?: readonly string[];
  /** Where dumps are kept. Default: `journeys-pglite` in the system's temporary folder. */
  dir?: string;
}

const makerScript = fileURLToPath(new URL('./pglite-template-maker.ts', import.meta.url));

/** Per dump file: how to get the dump, once this process has made it (or found it). */
const made = new Map<string, Promise<() => Promise<Blob>>>();

/**
 * Opens an in-memory PGlite holding the migrated, empty database: from the dump on disk when
 * there is one, else the dump is made first (and kept for next time). A dump that cannot be
 * loaded (damaged) is replaced.
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
      markUsed(file);
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
    making = makeTemplate({ ...options, file });
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
 * Makes the dump in a child process, so this one never holds initdb's memory. Where the
 * child fails (no file can be written there, say), this process makes the dump itself and,
 * where the file cannot be written, keeps it in memory.
 */
async function makeTemplate(request: TemplateRequest): Promise<() => Promise<Blob>> {
  const { migrationsFolder, startParams, initDbParams, file } = request;
  try {
    await inChildProcess({ file, migrationsFolder, startParams, initDbParams });
    return () => openAsBlob(file);
  } catch {
    // made here instead
  }
  const dump = await makeDump(request);
  try {
    await writeDump(file, dump);
  } catch {
    return async () => dump;
  }
  return () => openAsBlob(file);
}

/** The peak memory of the last dump-making child of this process, as it reported it; undefined if none ran. */
let makerPeakRssBytes: number | undefined;

/**
 * The peak resident memory of the child process that made the dump for this process, if one
 * did (a machine's first run): it has ended, so no /proc peak of the service counts it.
 *
 * @example
 * const peak = dumpMakerPeakRssBytes(); // undefined when the dump was already there
 */
export function dumpMakerPeakRssBytes(): number | undefined {
  return makerPeakRssBytes;
}

function inChildProcess(request: TemplateRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    // Its output is PGlite's and initdb's chatter, not ours to show: not read, never filling a
    // pipe. The IPC channel carries its one report (`MakerReport`) back.
    const child = spawn(process.execPath, [...MAKER_NODE_FLAGS, makerScript, JSON.stringify(request)], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      timeout: 300_000,
      windowsHide: true,
    });
    child.on('message', (message: Partial<MakerReport>) => {
      if (typeof message?.peakRssBytes === 'number') makerPeakRssBytes = message.peakRssBytes;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`dump maker ended with ${signal ?? `exit code ${code}`}`)),
    );
  });
}

/** Opening a dump marks it in use: a dump no run opens for a week is removed by the next writer. */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // read-only: it will be seen as unused and may be made again, which is all that costs
  }
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
