import { limitLine } from '../load-model/find-limit.ts';
import type { LimitResult } from '../stats/summary.ts';
import type { ChartMark } from './report-data.ts';

/**
 * The limit search on the charts: a line where each judged step's window began — green where
 * every limit held, red where one broke — labelled with its load.
 * @example limitMarks(summary.run.limit) // [{ time: 1765123456.1, label: '4 users ✓', held: true }, …]
 */
export function limitMarks(limit: LimitResult | undefined): ChartMark[] {
  if (!limit) return [];
  return limit.steps.map((step) => {
    const load = 'users' in step ? `${step.users} users` : `${step.arrivalRate}/s`;
    return {
      time: step.at / 1000,
      label: step.held ? `${load} held` : `${load}: ${limit.broke?.by ?? 'a limit'} broke`,
      held: step.held,
    };
  });
}

/** The report's one line about the search (as the console's). */
export function limitText(limit: LimitResult | undefined): string | undefined {
  return limit && limitLine(limit).replace(/^limit: /, '');
}
