/**
 * Which load model a run follows, as plain data: one variant per model, each the settings of
 * its module. The only place that turns a plan into a model is `createLoadModel`; nothing
 * else branches on the kind.
 */
import type { LoadShape } from '../api/load-shape.ts';
import { type ClosedStagesSettings, closedStages } from './closed-stages.ts';
import { type CodeShapeSettings, codeShape } from './code-shape.ts';
import { type FindLimitSettings, findLimit, type StepJudge } from './find-limit.ts';
import type { LoadModel } from './load-model.ts';
import { type OpenArrivalsSettings, openArrivals } from './open-arrivals.ts';

export type LoadPlan =
  | ({ kind: 'closed' } & ClosedStagesSettings)
  | ({ kind: 'open' } & OpenArrivalsSettings)
  | ({ kind: 'shape' } & Omit<CodeShapeSettings, 'shape'>)
  | ({ kind: 'find-limit' } & Omit<FindLimitSettings, 'judge'>);

/** What a plan cannot carry as data: the shape's instance (made in this process), the step judge. */
export interface LoadModelParts {
  shape?: LoadShape;
  judge?: StepJudge;
}

/**
 * @example createLoadModel({ kind: 'closed', stages, users: 10, spawnRate: 2, staged: false })
 */
export function createLoadModel(plan: LoadPlan, parts: LoadModelParts = {}): LoadModel {
  switch (plan.kind) {
    case 'closed':
      return closedStages(plan);
    case 'open':
      return openArrivals(plan);
    case 'shape':
      if (parts.shape === undefined) throw new Error(`load shape ${plan.name} was not made`);
      return codeShape({ ...plan, shape: parts.shape });
    case 'find-limit':
      if (parts.judge === undefined) throw new Error('find-limit needs a step judge');
      return findLimit({ ...plan, judge: parts.judge });
  }
}
