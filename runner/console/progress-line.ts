import { formatClock, formatMs, formatRate } from './format.ts';
import { type LiveView, percentileMs } from './view.ts';

/**
 * One plain progress line, for logs and CI where stdout is not a terminal.
 * @example progressLine(view) // '[00:12/01:00] users 5/5 · 234 reqs · 19.50 rps · 0 fails · p95 12.3 ms'
 * (open model: '[00:12/01:00] users 6/200 · 20.00/s arriving · 234 reqs · …')
 */
export function progressLine(view: LiveView): string {
  const total = view.durationSeconds === undefined ? '' : `/${formatClock(view.durationSeconds)}`;
  const { totals } = view;
  const arrivals = view.arrivalRate === undefined ? '' : ` · ${formatRate(view.arrivalRate)}/s arriving`;
  return (
    `[${formatClock(view.elapsedSeconds)}${total}] users ${view.users}/${view.targetUsers}${arrivals}` +
    ` · ${totals.requests} reqs · ${totals.rps.toFixed(1)} rps · ${totals.failures} fails` +
    ` · p95 ${formatMs(percentileMs(totals, 95))} ms`
  );
}
