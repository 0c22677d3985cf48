/** `report compare` output: the console table, the HTML page and the JUnit cases. */
import { renderTable } from '../console/table.ts';
import {
  COMPARE_METRICS,
  type CompareMetric,
  type Comparison,
  type EndpointComparison,
  formatPoints,
  type MetricDelta,
  signedPercent,
} from './compare.ts';
import { reportAssets } from './html-assets.ts';
import { escapeHtml } from './html-escape.ts';
import { htmlStart } from './html-head.ts';
import { type Cell, table } from './html-table.ts';
import type { JUnitCase } from './junit.ts';

const LABELS: Record<CompareMetric, string> = {
  rps: 'rps',
  p50: 'p50 ms',
  p95: 'p95 ms',
  p99: 'p99 ms',
  failRatio: 'fail %',
};

function value(metric: CompareMetric, v: number | null): string {
  if (v === null) return '-';
  if (metric === 'failRatio') return (v * 100).toFixed(2);
  return String(Math.round(v * 100) / 100);
}

/** `12.5 → 15.1 (+20.8%)`, the change left out when it cannot be computed. */
function delta(metric: CompareMetric, d: MetricDelta): string {
  const text = `${value(metric, d.base)} → ${value(metric, d.next)}`;
  if (metric === 'failRatio') {
    return d.base !== null && d.next !== null ? `${text} (${formatPoints(d.next - d.base)})` : text;
  }
  return d.change === null ? text : `${text} (${signedPercent(d.change)})`;
}

function label(row: EndpointComparison): string {
  const name = `${row.method} ${row.name}`.trim();
  return row.presence === 'both' ? name : `${name} [${row.presence}]`;
}

function verdict(row: EndpointComparison): string {
  return row.regressions.length > 0 ? `REGRESSION: ${row.regressions.join(', ')}` : 'ok';
}

/** The table `report compare` prints, then one line with the verdict. */
export function comparisonLines(result: Comparison): string[] {
  const columns = [
    { header: 'Name', maxWidth: 48 },
    ...COMPARE_METRICS.map((metric, i) => ({
      header: LABELS[metric],
      align: 'right' as const,
      group: i === 0,
    })),
    { header: 'verdict', group: true },
  ];
  const rows = result.rows.map((row) => [
    label(row),
    ...COMPARE_METRICS.map((metric) => delta(metric, row.metrics[metric])),
    verdict(row),
  ]);
  rows.splice(rows.length - 1, 0, null as unknown as string[]);
  const outcome = result.regressions > 0 ? `${result.regressions} row(s) regressed` : 'no regression';
  return [...renderTable(columns, rows), '', `${outcome} (limits: ${limits(result)})`];
}

/** `latency/rps 10%, fail ratio +1.00 pp`: what counts as a regression, in the units the flags take. */
function limits(result: Comparison): string {
  const share = `${Math.round(result.options.maxRegression * 1000) / 10}%`;
  return `latency/rps ${share}, fail ratio ${formatPoints(result.options.maxFailRatioIncrease)}`;
}

/** One testcase per compared row (rows on one side only are left out). */
export function comparisonCases(result: Comparison): JUnitCase[] {
  return result.rows
    .filter((row) => row.presence === 'both')
    .map((row) => ({
      name: `${row.method} ${row.name}`.trim(),
      classname: 'compare',
      pass: row.regressions.length === 0,
      message:
        row.regressions.length > 0
          ? row.regressions.join(', ')
          : COMPARE_METRICS.map((m) => `${m} ${delta(m, row.metrics[m])}`).join('; '),
    }));
}

/** A self-contained page with the comparison table. */
export function comparisonHtml(result: Comparison, base: string, next: string): string {
  const rows: Cell[][] = result.rows.map((row) => [
    label(row),
    ...COMPARE_METRICS.map(
      (metric): Cell => ({
        html: escapeHtml(delta(metric, row.metrics[metric])),
        className: row.metrics[metric].regression ? 'num fail' : 'num',
      }),
    ),
    { html: escapeHtml(verdict(row)), className: row.regressions.length > 0 ? 'fail' : 'pass' },
  ]);
  const title = `journeys compare — ${result.regressions > 0 ? `${result.regressions} regression(s)` : 'no regression'}`;
  const policy = "default-src 'none'; style-src 'unsafe-inline'";
  return `${htmlStart({ title, policy, head: `<style>${reportAssets().css}</style>` })}
<body><main>
<h1>${escapeHtml(title)} <span class="badge ${result.regressions > 0 ? 'fail' : 'pass'}" id="outcome">${result.regressions > 0 ? 'FAIL' : 'PASS'}</span></h1>
<dl class="meta"><div><dt>Base</dt><dd>${escapeHtml(base)}</dd></div><div><dt>New</dt><dd>${escapeHtml(next)}</dd></div>
<div class="wide"><dt>Limits</dt><dd>${escapeHtml(limits(result))} (latency up or rps down by more than the share; fail ratio up by more than the points)</dd></div></dl>
${table({ id: 'compare', headers: ['Name', ...COMPARE_METRICS.map((m) => LABELS[m]), 'Verdict'], rows, empty: 'Nothing to compare.' })}
<p class="note">Values are base → new, whole-run; percentiles from the runs' HDR histograms.</p>
</main></body></html>
`;
}
