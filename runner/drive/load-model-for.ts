/**
 * The run's settings turned into its load model: the limit search, else a load shape of the
 * users modules (the one named, or the only one), else the open or the closed model.
 */

import { FlagError } from '../config/errors.ts';
import type { RunConfig } from '../config/run-config.ts';
import { discoverShapes, pickShape } from '../discovery/discover-shapes.ts';
import { peakRate } from '../load-model/arrival-shape.ts';
import type { LoadModel } from '../load-model/load-model.ts';
import { createLoadModel, type LoadModelParts, type LoadPlan } from '../load-model/load-plan.ts';
import { limitJudge } from './limit-judge.ts';

/**
 * `config` is this process's settings (a shard's share), `wholeRun` the run's.
 * @example const model = await loadModelFor(config, wholeRun);
 */
export async function loadModelFor(config: RunConfig, wholeRun: RunConfig): Promise<LoadModel> {
  const { plan, parts } = await loadPlanFor(config, wholeRun);
  return createLoadModel(plan, parts);
}

async function loadPlanFor(
  config: RunConfig,
  wholeRun: RunConfig,
): Promise<{ plan: LoadPlan; parts: LoadModelParts }> {
  const duration = config.durationSeconds === undefined ? {} : { durationSeconds: config.durationSeconds };
  if (config.findLimit) {
    if (config.shard) {
      throw new FlagError([
        '--find-limit: cannot run in shards (each shard would judge only its part of the load); run it in one process',
      ]);
    }
    const { limits, step, stepSeconds } = config.findLimit;
    const open = config.arrivals !== undefined;
    const plan: LoadPlan = {
      kind: 'find-limit',
      limits: limits.map((limit) => limit.expression),
      open,
      step,
      stepSeconds,
      ceiling: config.arrivals ? peakRate(config.arrivals.segments) : config.users,
      spawnRate: open ? 0 : config.spawnRate,
      ...(config.arrivals ? { maxUsers: config.arrivals.maxUsers } : {}),
      ...duration,
    };
    return { plan, parts: { judge: limitJudge(limits) } };
  }
  const picked = pickShape(await discoverShapes(config.usersModules), config.shape);
  if (picked) {
    const shape = new picked.shapeClass();
    const plan: LoadPlan = {
      kind: 'shape',
      name: picked.name,
      maxUsers: shape.maxUsers ?? wholeRun.arrivals?.maxUsers ?? wholeRun.users,
      ...(config.shard ? { shard: config.shard } : {}),
      ...duration,
    };
    return { plan, parts: { shape } };
  }
  if (config.arrivals) {
    const { segments, maxUsers } = config.arrivals;
    return { plan: { kind: 'open', segments, maxUsers, staged: config.staged }, parts: {} };
  }
  const { stages, users, spawnRate, staged } = config;
  return { plan: { kind: 'closed', stages, users, spawnRate, staged }, parts: {} };
}
