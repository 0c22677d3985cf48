/**
 * Before any user starts, a run takes its place for its files so that no other run writes
 * there: the default results folder is created under a name no other run has (a suffix
 * `-2`, `-3`… after a second-resolution clash), and a `--csv PREFIX` is locked with a
 * `PREFIX.lock` file holding the PID — a prefix locked by a live run is refused in one line,
 * a lock left by a dead one is taken over.
 */
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RunnerError } from '../errors.ts';

export interface OutputClaim {
  /** Where the run's PREFIX_* files go. */
  prefix: string;
  /** Gives the place up: removes the lock, or the claimed folder if nothing was written into it. */
  release(): Promise<void>;
}

/** The clash suffixes tried before giving up: far more runs than can start in one second. */
const MOST_CLASHES = 1000;

/**
 * Takes the default results folder `<folder>` (its prefix is `<folder>/<name>`): the first of
 * `<folder>`, `<folder>-2`, … that does not exist yet, created here.
 * @example await claimResultsFolder('results/smoke-20261207-161200', 'smoke') // { prefix: 'results/smoke-20261207-161200-2/smoke', … }
 */
export async function claimResultsFolder(folder: string, name: string): Promise<OutputClaim> {
  await mkdir(join(folder, '..'), { recursive: true });
  for (let n = 1; n <= MOST_CLASHES; n++) {
    const candidate = n === 1 ? folder : `${folder}-${n}`;
    try {
      await mkdir(candidate);
      return {
        prefix: join(candidate, name),
        // A run that ended before writing (a mistake found at set-up) leaves no empty folder.
        release: () => rmdir(candidate).catch(() => {}),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new RunnerError(`${MOST_CLASHES} results folders named ${folder} already exist`, {
    code: 'OUTPUT_IN_USE',
    where: '--results-dir',
    hint: 'clean up the results folder',
  });
}

/**
 * Locks `--csv PREFIX` for this process.
 * @throws RunnerError `OUTPUT_IN_USE` (exit 2) when a live process holds the lock.
 * @example const claim = await claimCsvPrefix('out/run1'); … await claim.release();
 */
export async function claimCsvPrefix(prefix: string): Promise<OutputClaim> {
  const lock = `${prefix}.lock`;
  // As the files themselves would: `--csv out/run1` makes `out/` when it is missing.
  await mkdir(dirname(prefix), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return {
        prefix,
        release: async () => {
          // Only our own lock: never one a later run took over.
          const holder = await readFile(lock, 'utf8').catch(() => '');
          if (Number.parseInt(holder, 10) === process.pid) await rm(lock, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new RunnerError(`--csv ${prefix}: in use by a running run (pid ${holder}, lock ${lock})`, {
        code: 'OUTPUT_IN_USE',
        where: '--csv',
        hint: 'give this run another prefix, or wait for that run to end',
      });
    }
    // A lock left by a run that died: ours now.
    await rm(lock, { force: true });
  }
  throw new RunnerError(`--csv ${prefix}: another run took the lock ${lock} at the same moment`, {
    code: 'OUTPUT_IN_USE',
    where: '--csv',
    hint: 'give each concurrent run its own prefix',
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
