/**
 * One shard of a distributed run (`--shard i/N`, docs/decisions.md "Distributed runs"): a process that
 * runs its share of the load so that N shards add up exactly to the profile's totals.
 *
 * Indexes are 0-based, as Kubernetes' `JOB_COMPLETION_INDEX` is, so an Indexed Job passes
 * `--shard $(JOB_COMPLETION_INDEX)/N` as it is. Shard i owns the global positions i, i+N,
 * i+2N… of whatever is counted — users in the order the run would start them, arrivals of
 * the open model's schedule, iterations — so remainders go to the first shards and the
 * union of the shards is exactly the unsharded run's count.
 */

import { FlagError } from '../config/errors.ts';
import type { RunConfig } from '../config/run-config.ts';
import { RunnerError } from '../errors.ts';

/** Shard `index` (0-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * `--shard` (wins) or the `JOURNEYS_SHARD` environment variable; undefined = not sharded.
 * Throws FlagError (exit 2, one line) on anything but `INDEX/COUNT` with 0 ≤ INDEX < COUNT.
 * @example readShard('1/4', undefined) // { index: 1, count: 4 }
 */
export function readShard(flag: string | undefined, env: string | undefined): Shard | undefined {
  const [text, source] = flag !== undefined ? [flag, '--shard'] : [env, 'JOURNEYS_SHARD'];
  if (text === undefined || (source === 'JOURNEYS_SHARD' && text.trim() === '')) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const usage = 'INDEX/COUNT with a 0-based index, e.g. --shard $JOB_COMPLETION_INDEX/4 (0/4 … 3/4)';
  if (!match) throw new FlagError([`${source}: must be ${usage}, got ${JSON.stringify(text)}`]);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!(Number.isSafeInteger(count) && count >= 1)) {
    throw new FlagError([`${source}: the shard count must be at least 1, got ${JSON.stringify(text)}`]);
  }
  if (index >= count) {
    throw new FlagError([
      `${source}: index ${index} is out of range for ${count} shard(s) — indexes are 0-based (0 to ${count - 1}), as JOB_COMPLETION_INDEX`,
    ]);
  }
  return { index, count };
}

/**
 * How many of `total` things (positions 0…total-1) shard `index` owns: positions ≡ index mod count.
 * @example shareOf(5, { index: 0, count: 2 }) // 3 (and 2 for index 1)
 */
export function shareOf(total: number, shard: Shard): number {
  return total > shard.index ? Math.ceil((total - shard.index) / shard.count) : 0;
}

/**
 * The run's settings for one shard: closed model users (every stage) and spawn rates split
 * (each shard ramps over the same time as the whole run), iterations split. The open model's
 * arrivals and max_users are split by the load pool (shard i takes arrivals i, i+N…).
 * Throws RunnerError (exit 2) when a count is too small to give every shard at least one.
 * @example shardRunConfig(config, { index: 1, count: 2 }).users // 2 of -u 5
 */
export function shardRunConfig(config: RunConfig, shard: Shard): RunConfig {
  const tooSmall = (what: string, total: number) =>
    new RunnerError(`${what} ${total} cannot be split over ${shard.count} shards`, {
      code: 'SHARD_TOO_SMALL',
      where: `--shard ${shard.index}/${shard.count}`,
      hint: `every shard needs at least one: raise ${what} to ${shard.count} or more, or run fewer shards`,
    });
  const iterations = config.iterations === undefined ? undefined : shareOf(config.iterations, shard);
  if (iterations === 0) throw tooSmall('--iterations', config.iterations!);
  if (config.arrivals) {
    return { ...config, ...(iterations === undefined ? {} : { iterations }), shard };
  }
  const users = shareOf(config.users, shard);
  if (users === 0) throw tooSmall('--users', config.users);
  // Each shard ramps at its share of the rate, so the shards reach their users together.
  const rateShare = users / config.users;
  const stages = config.stages.map((stage) => ({
    ...stage,
    users: shareOf(stage.users, shard),
    spawnRate: stage.spawnRate * rateShare,
  }));
  return {
    ...config,
    users,
    spawnRate: config.spawnRate * rateShare,
    stages,
    ...(iterations === undefined ? {} : { iterations }),
    shard,
  };
}

/**
 * Open model: each class's cap on users in flight split over the shards, while the weights
 * that pick the class of arrival k stay the run's, so every shard agrees on it.
 * @example shardArrivalShares([{ name: 'A', maxUsers: 5 }], { index: 1, count: 2 }) // [{ name: 'A', maxUsers: 2, weight: 5 }]
 */
export function shardArrivalShares(
  shares: readonly { name: string; maxUsers: number }[],
  shard: Shard,
): { name: string; maxUsers: number; weight: number }[] {
  return shares.map(({ name, maxUsers }) => {
    const mine = shareOf(maxUsers, shard);
    if (mine === 0) {
      throw new RunnerError(
        `max_users share of ${name} (${maxUsers}) cannot be split over ${shard.count} shards`,
        {
          code: 'SHARD_TOO_SMALL',
          where: `--shard ${shard.index}/${shard.count}`,
          hint: 'raise max_users (--max-users) so every class has at least one user per shard',
        },
      );
    }
    return { name, maxUsers: mine, weight: maxUsers };
  });
}

/**
 * `JOURNEYS_RUN_ID`: names the default results folder of every shard of one run (instead of
 * each shard's own start time). Undefined or empty = none; a name that is not a plain folder
 * name throws FlagError (exit 2).
 * @example readRunId('load-7') // 'load-7'
 */
export function readRunId(env: string | undefined): string | undefined {
  if (env === undefined || env.trim() === '') return undefined;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(env)) {
    throw new FlagError([
      `JOURNEYS_RUN_ID: must be a plain folder name (letters, digits, . _ -), got ${JSON.stringify(env)}`,
    ]);
  }
  return env;
}
