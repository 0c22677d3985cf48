import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceError } from '../errors.ts';

/** Another live process (or another store in this one) has the PGlite data directory open. */
export class DataDirLockedError extends ServiceError {
  readonly dataDir: string;
  readonly ownerPid: number;
  constructor(dataDir: string, ownerPid: number) {
    const who = ownerPid === process.pid ? 'this process (another store)' : `process ${ownerPid}`;
    super(
      503,
      'DATA_DIR_LOCKED',
      `PGlite data directory ${dataDir} is already in use by ${who}. ` +
        'PGlite allows one process per directory: stop the other service, or set DATA_DIR to another directory (memory:// for a throwaway one).',
    );
    this.dataDir = dataDir;
    this.ownerPid = ownerPid;
  }
}

const lockName = 'journeys.lock';

/**
 * Claims `dataDir` for this process: a lock file holding our pid, put in place with one
 * atomic link(2) so nobody ever reads it half-written.
 * A lock left by a dead process is taken over; a live owner makes this throw
 * DataDirLockedError. Returns the release function (also run at process exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, lockName);
  const mine = `${path}.${process.pid}`;
  writeFileSync(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
        const release = () => {
          process.off('exit', release);
          if (readOwner(path) === process.pid) rmSync(path, { force: true });
        };
        process.on('exit', release);
        return release;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(path);
      if (owner !== undefined && isAlive(owner)) throw new DataDirLockedError(dataDir, owner);
      // Stale: its owner is gone. Re-read first so we never remove a lock another taker just made.
      if (readOwner(path) === owner) rmSync(path, { force: true });
    }
    throw new DataDirLockedError(dataDir, readOwner(path) ?? -1);
  } finally {
    rmSync(mine, { force: true });
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
