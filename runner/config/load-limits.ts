/**
 * The most load one runner process can hold: `-u 1e12` used to hang the spawner for good,
 * and a run past memory is killed with every report lost. The bound is memory: a waiting
 * user costs about 3 KiB (docs/performance.md), so 16 KiB a user leaves room for users in the
 * middle of a request. Open files are not a bound here: a user holds a connection only
 * while its request is in flight, so a million thinking users share a few thousand sockets
 * (users that never think can still run out of them: EMFILE at run time). The command
 * line, the profile, the web form, `POST /swarm` and Edit all pass this one check, so each
 * refuses the same values with the same line.
 */
import { totalmem } from 'node:os';

/** A generous cost of one user: about five times what a waiting user takes. */
const BYTES_PER_USER = 16 * 1024;

export interface LoadLimits {
  /** Users running at once (closed model), or journeys in flight (open model's max users). */
  users: number;
  /** Users started, or journeys arriving, per second. */
  rate: number;
  /** What sets `users`, for the message. */
  why: string;
}

/**
 * @example loadLimits(16 * 2 ** 30) // { users: 1048576, rate: 1048576, why: 'this machine has 16384 MiB …' }
 */
export function loadLimits(memoryBytes = totalmem()): LoadLimits {
  const users = Math.max(1, Math.floor(memoryBytes / BYTES_PER_USER));
  const why = `this machine has ${Math.round(memoryBytes / 2 ** 20)} MiB of memory and a user may take ${BYTES_PER_USER / 1024} KiB`;
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
