import { formatClock, formatMs } from './format.ts';
import { type LiveView, percentileMs } from './view.ts';

/**
 * One plain progress line, for logs and CI where stdout is not a terminal.
 * @example progressLine(view) // '[00:12/01:00] users 5/5 · 234 reqs · 19.50 rps · 0 fails · p95 12.3 ms'
 */
export function progressLine(view: LiveView): string {
  const total = view.durationSeconds === undefined ? '' : `/${formatClock(view.durationSeconds)}`;
  const { totals } = view;
  return (
    `[${formatClock(view.elapsedSeconds)}${total}] users ${view.users}/${view.targetUsers}` +
    ` · ${totals.requests} reqs · ${totals.rps.toFixed(1)} rps · ${totals.failures} fails` +
    ` · p95 ${formatMs(percentileMs(totals, 95))} ms`
  );
}
