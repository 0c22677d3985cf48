import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's PostgreSQL settings. It runs PostgreSQL in single-user mode, where no
 * checkpointer process exists: without a CHECKPOINT from us the write-ahead log is never
 * recycled and grows with every write — in memory for `memory://`, where it was most of a
 * long run's growth. `min_wal_size` keeps two 16 MiB segments after a checkpoint instead of
 * five. A small `shared_buffers` because the data files already live in this process (the
 * in-memory file system, or the OS page cache of DATA_DIR): 128 MB of buffers on top only
 * copied the same pages twice.
 */
export const pgliteStartParams: readonly string[] = [
  ...PGlite.defaultStartParams,
  '-c',
  'shared_buffers=32MB',
  '-c',
  'min_wal_size=32MB',
  '-c',
  'max_wal_size=64MB',
];

/**
 * An in-memory database's WAL files live in this process's memory, so they are made small:
 * 1 MiB segments (chosen at initdb, so only for a database made in memory) and two kept
 * after a checkpoint, where 16 MiB segments kept 32 MiB of log that nothing would read.
 */
export const inMemoryInitDbParams: readonly string[] = ['--wal-segsize=1'];
export const inMemoryStartParams: readonly string[] = [
  ...pgliteStartParams,
  '-c',
  'min_wal_size=2MB',
  '-c',
  'max_wal_size=32MB',
];

/** WAL written since the last checkpoint that makes the next one due. */
const CHECKPOINT_AFTER_BYTES = 16 * 2 ** 20;
const CHECK_EVERY_MS = 5000;

const walSinceCheckpoint = `
  SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::bigint::text AS bytes
  FROM pg_control_checkpoint()`;

/**
 * Checks every few seconds how much WAL the database wrote since its last checkpoint and
 * runs CHECKPOINT once that passes 16 MiB, so the log stays at a few segments however long
 * the service runs. `run` must go through the connection's queue; a failed check is passed to
 * `onError` and tried again next time. Returns the stop function.
 *
 * @example
 * const stop = checkpointPeriodically((text) => queue.run(() => client.exec(text)));
 */
export function checkpointPeriodically(
  run: (statement: string) => Promise<{ rows: unknown[] }[]>,
  options: { everyMs?: number; afterBytes?: number; onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  const afterBytes = options.afterBytes ?? CHECKPOINT_AFTER_BYTES;
  const onError = options.onError ?? (() => undefined);
  let current: Promise<void> = Promise.resolve();
  const check = async () => {
    const [result] = await run(walSinceCheckpoint);
    const bytes = Number((result.rows[0] as { bytes: string }).bytes);
    if (bytes >= afterBytes) await run('CHECKPOINT');
  };
  const timer = setInterval(() => {
    current = current.then(check).catch(onError);
  }, options.everyMs ?? CHECK_EVERY_MS);
  timer.unref(); // never what keeps a process alive
  return async () => {
    clearInterval(timer);
    await current;
  };
}
