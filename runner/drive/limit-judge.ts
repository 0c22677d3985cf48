import type { LimitBreak, StepJudge } from '../load-model/find-limit.ts';
import { RunStats } from '../stats/run-stats.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import type { Threshold } from '../thresholds/parse.ts';

/** The first snapshots of a step that are not judged (threads send one about every second). */
const SETTLE_MS = 1_000;

/**
 * Judges each step of a limit search on its own statistics: a fresh `RunStats` fed the
 * threads' snapshots (which are deltas) from the step's start, so percentiles are exact for
 * the step, not blurred by the steps before it. The snapshots of the step's first second are
 * left out: each holds about a second of requests made before it was sent — the step before,
 * or the run's cold start.
 * @example const judge = limitJudge([parseThreshold('p95<30ms', '--find-limit')]);
 */
export function limitJudge(limits: readonly Threshold[]): StepJudge {
  let window = new RunStats({ startedAt: Date.now() });
  let settledAt = 0;
  return {
    restart() {
      settledAt = Date.now() + SETTLE_MS;
      window = new RunStats({ startedAt: settledAt });
    },
    observe(snapshot) {
      if (Date.now() >= settledAt) window.merge(snapshot);
    },
    broken(): LimitBreak | undefined {
      window.end(Date.now());
      const failed = evaluateThresholds(limits, window).find((result) => !result.pass);
      return failed && { by: failed.expression, value: failed.actual ?? null, unit: failed.unit };
    },
  };
}
