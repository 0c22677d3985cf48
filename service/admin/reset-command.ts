/**
 * `npm run service:reset`: empties the store the environment names — PostgreSQL at
 * DATABASE_URL (DATABASE_SCHEMA), else the PGlite directory DATA_DIR (default `.data/`) —
 * keeping its schema, and prints what it removed. For a stopped service: a running one on
 * PGlite holds its directory (the command then says so), and one on PostgreSQL would keep
 * its caches — ask it instead with `POST /admin/reset` (see docs/operations.md).
 */
import { fileURLToPath } from 'node:url';
import { getEventStoreFromEnv } from '../eventstore/env.ts';
import { resetStore, type StoreContents } from '../eventstore/reset.ts';

/** Where the environment's store lives, for the one line the command prints. */
export function storeLocation(env: NodeJS.ProcessEnv): string {
  if (env.DATABASE_URL) return `PostgreSQL schema "${env.DATABASE_SCHEMA || 'public'}"`;
  return `PGlite directory ${env.DATA_DIR || '.data/'}`;
}

/**
 * @example
 * const removed = await resetFromEnv({ DATA_DIR: '.data/' });
 */
export async function resetFromEnv(env: NodeJS.ProcessEnv): Promise<StoreContents> {
  if (!env.DATABASE_URL && env.DATA_DIR === 'memory://') {
    throw new Error(
      'DATA_DIR=memory:// is gone when its service stops; nothing to reset. Set DATA_DIR to a directory or DATABASE_URL, or ask the running service: POST /admin/reset',
    );
  }
  const store = await getEventStoreFromEnv(env);
  try {
    return await resetStore(store);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const where = storeLocation(process.env);
  try {
    const removed = await resetFromEnv(process.env);
    const counts = Object.entries(removed)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ');
    process.stdout.write(`journeys-service: reset ${where}: removed ${counts}\n`);
  } catch (error) {
    process.stderr.write(
      `journeys-service: cannot reset ${where}: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exitCode = 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
