/** What a run says about itself: the start line on the console, and summary.json's `run` metadata. */
import type { RunConfig } from '../config/run-config.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import type { LoadModel } from '../load-model/load-model.ts';
import type { UserMixEntry } from '../load-model/user-mix.ts';
import type { Target } from '../target/target.ts';
import { runnerVersion } from '../version.ts';

/**
 * `journeys run --profile smoke: Shopper → http://127.0.0.1:8000 (2 thread(s), seed 7)`
 * @example print(startLine({ wholeRun, config, classes, host, shares }));
 */
export function startLine(run: {
  wholeRun: RunConfig;
  config: RunConfig;
  model: Pick<LoadModel, 'startNote'>;
  classes: readonly Pick<DiscoveredUser, 'name'>[];
  host: string;
  shares: readonly unknown[] | undefined;
}): string {
  const { wholeRun, config, shares } = run;
  const { shard } = config;
  const profile = config.profileName === 'run' ? '' : ` --profile ${config.profileName}`;
  const classes = run.classes.map((user) => user.name).join(', ');
  const model = run.model.startNote();
  const part = shard
    ? `, shard ${shard.index}/${shard.count}: ${
        shares
          ? `every ${shard.count}th arrival from #${shard.index}`
          : `${config.users} of ${wholeRun.users} users`
      }${config.iterations === undefined ? '' : `, ${config.iterations} of ${wholeRun.iterations} iterations`}`
    : '';
  return `journeys run${profile}: ${classes} → ${run.host} (${config.threads} thread(s), seed ${config.seed}${model}${part})`;
}

/** summary.json's `run`: the settings, the target, the mix and the versions. */
export function runMetadata(
  config: RunConfig,
  target: Target | undefined,
  mix: readonly UserMixEntry[],
  usersSpawned: Record<string, number> | undefined,
  model: Pick<LoadModel, 'metadata'> | undefined,
) {
  return {
    profile: config.profileName,
    // No target yet when the run stopped before one was checked or started.
    ...(target ? { host: target.host, embeddedService: target.service !== undefined } : {}),
    threads: config.threads,
    ...model?.metadata(),
    ...(config.durationSeconds === undefined ? {} : { durationSeconds: config.durationSeconds }),
    ...(config.iterations === undefined ? {} : { iterations: config.iterations }),
    seed: config.seed,
    tags: config.tags,
    userClasses: Object.fromEntries(mix.map((entry) => [entry.name, entry.fixedCount || entry.weight])),
    ...(usersSpawned ? { usersSpawned } : {}),
    command: process.argv.slice(2).join(' '),
    versions: { runner: runnerVersion(), node: process.version },
  };
}
