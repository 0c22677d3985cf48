/** The report's statistics tables, with Locust's columns: requests, response-time percentiles, journeys, failures, exceptions. */
import type {
  EndpointSummary,
  ExceptionSummary,
  FailureSummary,
  JourneySummary,
  TotalsSummary,
} from '../stats/summary.ts';
import { PERCENTILES } from '../stats/types.ts';
import { escapeHtml } from './html-escape.ts';
import { type Cell, ms, num, percent, table } from './html-table.ts';

const PERCENTILE_HEADERS = PERCENTILES.map((p) => `${p}%`);

/** Request statistics, as Locust's report: one row per (method, name), Aggregated in the footer. */
export function requestsTable(endpoints: readonly EndpointSummary[], totals: TotalsSummary): string {
  const row = (method: string, name: string, e: TotalsSummary | EndpointSummary): Cell[] => [
    method,
    name,
    e.requests,
    e.failures,
    num(ms(e.medianMs)),
    num(ms(e.avgMs)),
    num(ms(e.minMs)),
    num(ms(e.maxMs)),
    num(Math.round(e.avgContentSize)),
    num(e.rps.toFixed(2)),
    num(e.failuresPerSecond.toFixed(2)),
  ];
  return table({
    id: 'requests',
    headers: [
      'Type',
      'Name',
      '# Requests',
      '# Fails',
      'Median (ms)',
      'Average (ms)',
      'Min (ms)',
      'Max (ms)',
      'Average size (bytes)',
      'RPS',
      'Failures/s',
    ],
    rows: endpoints.map((e) => row(e.method, e.name, e)),
    footer: row('', 'Aggregated', totals),
    empty: 'No requests.',
  });
}

/** Whole-run response-time percentiles per (method, name), in ms. */
export function percentilesTable(endpoints: readonly EndpointSummary[], totals: TotalsSummary): string {
  const row = (method: string, name: string, p: Record<string, number | null>): Cell[] => [
    method,
    name,
    ...PERCENTILES.map((q) => num(ms(p[`p${q}`]))),
  ];
  return table({
    id: 'percentiles',
    headers: ['Type', 'Name', ...PERCENTILE_HEADERS.map((h) => `${h} (ms)`)],
    rows: endpoints.map((e) => row(e.method, e.name, e.percentiles)),
    footer: row('', 'Aggregated', totals.percentiles),
    empty: 'No requests.',
  });
}

/** Journeys: how many ran, were interrupted (and where), durations of the completed ones, outcomes. */
export function journeysTable(journeys: readonly JourneySummary[]): string {
  return table({
    id: 'journeys',
    headers: [
      'Journey',
      'Count',
      'Completed',
      'Interrupts',
      'Median (ms)',
      '95% (ms)',
      '99% (ms)',
      'Max (ms)',
      'Active avg (ms)',
      'Outcomes',
      'Interrupted at',
    ],
    rows: journeys.map((j) => [
      j.name,
      j.count,
      j.completed,
      num(`${j.interrupts} (${percent(j.interruptRatio)})`),
      num(j.completed > 0 ? ms(j.medianMs) : '-'),
      num(ms(j.percentiles.p95)),
      num(ms(j.percentiles.p99)),
      num(j.completed > 0 ? ms(j.maxMs) : '-'),
      num(j.completed > 0 ? ms(j.avgActiveMs) : '-'),
      counts(j.outcomes),
      counts(j.interruptsByStep),
    ]),
    empty: 'No journeys ran.',
  });
}

export function failuresTable(failures: readonly FailureSummary[]): string {
  return table({
    id: 'failures',
    headers: ['Method', 'Name', 'Error', 'Occurrences', 'First seen (UTC)', 'Last seen (UTC)'],
    rows: failures.map((f) => [
      f.method,
      f.name,
      { html: `<code>${escapeHtml(f.error)}</code>`, className: 'error' },
      f.occurrences,
      clock(f.firstSeen),
      clock(f.lastSeen),
    ]),
    empty: 'No failures.',
  });
}

export function exceptionsTable(exceptions: readonly ExceptionSummary[]): string {
  return table({
    id: 'exceptions',
    headers: ['Count', 'Message', 'Traceback', 'Where'],
    rows: exceptions.map((x) => [
      x.count,
      { html: `<code>${escapeHtml(x.message)}</code>`, className: 'error' },
      {
        html: x.traceback
          ? `<details><summary>stack</summary><pre>${escapeHtml(x.traceback)}</pre></details>`
          : '',
      },
      x.nodes.join(', '),
    ]),
    empty: 'No exceptions.',
  });
}

/** `won: 3, conflict: 7` (empty when none). */
function counts(map: Record<string, number>): string {
  return Object.entries(map)
    .map(([name, n]) => `${name}: ${n}`)
    .join(', ');
}

function clock(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}
