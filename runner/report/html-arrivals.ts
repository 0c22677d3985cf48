/** The report's open-model section: arrivals due, started and dropped, and their start lag. */
import type { ArrivalSummary } from '../stats/summary.ts';
import { PERCENTILES } from '../stats/types.ts';
import { ms, num, percent, table } from './html-table.ts';

/** Empty for a closed-model run. */
export function arrivalsSection(arrivals: ArrivalSummary | undefined): string {
  if (arrivals === undefined) return '';
  const counts = table({
    id: 'arrivals',
    headers: ['Due', 'Started', 'Dropped', 'Dropped %', 'Started/s', 'Users created'],
    rows: [
      [
        arrivals.scheduled,
        arrivals.started,
        arrivals.dropped,
        num(percent(arrivals.droppedRatio)),
        num(arrivals.startedPerSecond.toFixed(2)),
        arrivals.usersCreated,
      ],
    ],
    empty: '',
  });
  const lag = table({
    id: 'start-lag',
    headers: ['', ...PERCENTILES.map((p) => `${p}% (ms)`)],
    rows: [['Start lag', ...PERCENTILES.map((p) => num(ms(arrivals.startLag.percentiles[`p${p}`])))]],
    empty: '',
  });
  return (
    '<h2 id="arrivals-section">Arrivals (open model)</h2>' +
    '<p class="note">Journeys start at the target rate whatever the latency. An arrival that finds every user of its class busy (max_users) is dropped. ' +
    'Start lag is the time from an arrival’s intended start to its actual start; journey durations above count from the intended start, so a stalled generator or target cannot hide (no coordinated omission). Request times are as measured.</p>' +
    counts +
    lag
  );
}
