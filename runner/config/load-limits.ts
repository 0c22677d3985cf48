/**
 * The most load one runner process can hold. Each running user may hold a connection (a file
 * descriptor) and its journey's state and buffers, so past the open-file limit a run fails
 * with EMFILE and past memory it is killed with every report lost; `-u 1e12` used to hang the
 * spawner for good. The command line, the profile, the web form, `POST /swarm` and Edit all
 * pass this one check, so each refuses the same values with the same line.
 */
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/** Descriptors kept for what is not a user's connection: stdio, report files, threads, the web UI. */
const RESERVED_DESCRIPTORS = 256;
/** A generous cost of one user: its journey objects, a socket's buffers, its share of statistics. */
const BYTES_PER_USER = 256 * 1024;

export interface LoadLimits {
  /** Users running at once (closed model), or journeys in flight (open model's max users). */
  users: number;
  /** Users started, or journeys arriving, per second. */
  rate: number;
  /** What sets `users`, for the message. */
  why: string;
}

/** The soft open-file limit of this process (Node raises it to the hard limit at start), if known. */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line && line[1] !== 'unlimited' ? Number(line[1]) : undefined;
  } catch {
    return undefined; // not Linux: memory alone bounds the load
  }
}

/**
 * @example loadLimits({ openFiles: 20_000, memoryBytes: 24 * 2 ** 30 }) // { users: 19744, rate: 19744, … }
 */
export function loadLimits(
  machine: { openFiles?: number; memoryBytes?: number } = {
    openFiles: openFileLimit(),
    memoryBytes: totalmem(),
  },
): LoadLimits {
  const byMemory = Math.floor((machine.memoryBytes ?? totalmem()) / BYTES_PER_USER);
  const byFiles =
    machine.openFiles === undefined ? Number.POSITIVE_INFINITY : machine.openFiles - RESERVED_DESCRIPTORS;
  const users = Math.max(1, Math.min(byMemory, byFiles));
  const why =
    byFiles <= byMemory
      ? `this process may open ${machine.openFiles} files (ulimit -n) and each user may hold a connection`
      : `this machine has ${Math.round((machine.memoryBytes ?? 0) / 2 ** 20)} MiB of memory and a user may take ${BYTES_PER_USER / 1024} KiB`;
  // Starting more users a second than can ever run at once only queues work that cannot start.
  return { users, rate: users, why };
}

export interface LoadValues {
  users?: number;
  spawnRate?: number;
  arrivalRate?: number;
  maxUsers?: number;
}

/**
 * The one-line problem with load beyond the limits, or undefined; `fields` names each value
 * as the caller's user wrote it (`--users`, `user_count`).
 * @example loadProblem({ users: 1e12 }, { users: '--users' }) // '--users: 1000000000000 is more than …'
 */
export function loadProblem(
  values: LoadValues,
  fields: Partial<Record<keyof LoadValues, string>> = {},
  limits: LoadLimits = loadLimits(),
): string | undefined {
  const over = (key: keyof LoadValues, cap: number, unit: string) => {
    const value = values[key];
    if (value === undefined || value <= cap) return undefined;
    return `${fields[key] ?? key}: ${value} is more than the ${cap} ${unit} one runner process can hold (${limits.why}) — lower it, or split the load with --shard i/N across processes or machines`;
  };
  return (
    over('users', limits.users, 'users') ??
    over('maxUsers', limits.users, 'users') ??
    over('spawnRate', limits.rate, 'users a second') ??
    over('arrivalRate', limits.rate, 'journeys a second')
  );
}
