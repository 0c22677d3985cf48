import type { Threshold } from '../config/thresholds.ts';
import type { LimitBreak, StepJudge } from '../load-model/find-limit.ts';
import { evaluateThresholds } from '../report/threshold-evaluation.ts';
import { RunStats } from '../stats/run-stats.ts';

/**
 * Judges each step of a limit search on its own statistics: a fresh `RunStats` fed the
 * threads' snapshots (which are deltas) from the step's start, so percentiles are exact for
 * the step, not blurred by the steps before it.
 * @example const judge = limitJudge([parseThreshold('p95<30ms', '--find-limit')]);
 */
export function limitJudge(limits: readonly Threshold[]): StepJudge {
  let window = new RunStats({ startedAt: Date.now() });
  return {
    restart() {
      window = new RunStats({ startedAt: Date.now() });
    },
    observe(snapshot) {
      window.merge(snapshot);
    },
    broken(): LimitBreak | undefined {
      window.end(Date.now());
      const failed = evaluateThresholds(limits, window).find((result) => !result.pass);
      return failed && { by: failed.expression, value: failed.actual ?? null, unit: failed.unit };
    },
  };
}
