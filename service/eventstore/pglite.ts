import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './data-dir-lock.ts';
import { type InternalEventStore, localSubscriberLocks } from './internals.ts';
import type { StoreOptions } from './options.ts';
import { migratePGlite } from './pglite-migrate.ts';
import { preparedStatements } from './pglite-prepared.ts';
import { openMigrated } from './pglite-template.ts';
import {
  checkpointPeriodically,
  inMemoryInitDbParams,
  inMemoryStartParams,
  pgliteStartParams,
} from './pglite-wal.ts';
import { SerialQueue } from './serial-queue.ts';
import { createSqlEventStore } from './sql-store.ts';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface PGliteStoreOptions extends StoreOptions {
  /** Data directory; undefined or 'memory://' = in-memory. */
  dataDir?: string;
}

/**
 * The embedded default: PostgreSQL compiled to WebAssembly, inside this process. One
 * connection, so all work goes through one queue (appends serialize; conflicts are
 * proven on PostgreSQL). A data directory belongs to one process at a time: a second
 * opener gets DataDirLockedError. Migrations run on open.
 *
 * @example
 * const store = await getPGliteEventStore({ dataDir: '.data/' });
 * const scratch = await getPGliteEventStore(); // in-memory
 */
export async function getPGliteEventStore(options: PGliteStoreOptions = {}): Promise<InternalEventStore> {
  const dataDir = options.dataDir === 'memory://' ? undefined : options.dataDir;
  let unlock = () => {};
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  try {
    const client =
      dataDir === undefined
        ? await openMigrated({
            migrationsFolder,
            startParams: inMemoryStartParams,
            initDbParams: inMemoryInitDbParams,
          })
        : await PGlite.create({ dataDir, startParams: [...pgliteStartParams] });
    if (dataDir !== undefined) await migratePGlite(client, migrationsFolder);
    const queue = new SerialQueue();
    const stopCheckpoints = checkpointPeriodically((text) => queue.run(() => client.exec(text)));
    const session = preparedStatements();
    const pool = session(client);
    return createSqlEventStore(
      {
        backend: 'pglite',
        // One connection: every statement and transaction waits its turn in the queue.
        query: (statement) => queue.run(() => pool.query(statement)),
        transaction: (work) => queue.run(() => client.transaction((tx) => work(session(tx)))),
        tryLockSubscriber: localSubscriberLocks(),
        close: async () => {
          await stopCheckpoints();
          await queue.run(() => client.close());
          unlock();
        },
      },
      options,
    );
  } catch (error) {
    unlock();
    throw error;
  }
}
