/**
 * Worker threads are capped at a multiple of the cores: each one holds its own V8 heap and
 * user modules (~40 MB), so `threads: 100000` filled 4 GB in half a minute before anything
 * said why. More threads than cores only adds scheduling; the cap leaves room for I/O-bound
 * journeys, and `--max-threads` lifts it.
 */
import { availableParallelism } from 'node:os';

/** Threads allowed per core without `--max-threads`. */
export const THREADS_PER_CORE = 4;

/** The default cap on this machine. */
export function threadCap(cores = availableParallelism()): number {
  return THREADS_PER_CORE * cores;
}

/**
 * The one-line problem with a thread count over the cap, or undefined.
 * @example threadsProblem(100000, 'threads', 8, 2) // 'threads: 100000 is more than the cap of 8 …'
 */
export function threadsProblem(threads: number, field: string, cap: number, cores = availableParallelism()) {
  if (threads <= cap) return undefined;
  return (
    `${field}: ${threads} is more than the cap of ${cap} (${THREADS_PER_CORE} per core, ${cores} core(s); ` +
    'each thread holds ~40 MB) — lower it, or lift the cap with --max-threads N'
  );
}
