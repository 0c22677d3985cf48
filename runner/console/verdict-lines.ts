/** One line per verdict at the end of a run: thresholds and the self-check. */
import type { ThresholdResult } from '../thresholds/evaluate.ts';

const UNIT_SUFFIX = { ms: ' ms', ratio: '', rps: ' rps', count: '' } as const;

/**
 * @example thresholdLine(result) // 'threshold p95<500ms: PASS (212.5 ms)'
 */
export function thresholdLine(result: ThresholdResult): string {
  const measured =
    result.actual === undefined
      ? (result.reason ?? 'nothing measured')
      : `${Math.round(result.actual * 1000) / 1000}${UNIT_SUFFIX[result.unit]}${result.subject ? ` at ${result.subject}` : ''}`;
  return `threshold ${result.expression}: ${result.pass ? 'PASS' : 'FAIL'} (${measured})`;
}

/** `results suspect: runner CPU above 90% of 2 core(s) for 3+ s` */
export function suspectLine(reasons: readonly string[]): string {
  return `results suspect: ${reasons.join('; ')}`;
}
