/** The report's top: what ran (metadata), and the verdict — thresholds, invariants, self-check warnings. */
import type {
  InvariantSummary,
  RunMetadata,
  RunSummary,
  SelfCheckSummary,
  ThresholdSummary,
} from '../stats/summary.ts';
import { escapeHtml } from './html-escape.ts';
import { table } from './html-table.ts';
import { limitText } from './limit-marks.ts';

/** Definition list of the run's settings; fields the run did not fill are left out. */
export function metadataList(summary: RunSummary): string {
  const run: RunMetadata = summary.run ?? {};
  const versions = run.versions ?? {};
  const items: [string, unknown][] = [
    ['Profile', run.profile],
    ['Description', run.description],
    [
      'Host',
      run.host === undefined ? undefined : `${run.host}${run.embeddedService ? ' (embedded service)' : ''}`,
    ],
    ['Load model', run.loadModel],
    ['Load shape', run.shape],
    ['Limit', limitText(run.limit)],
    ['Users', run.users],
    ['Spawn rate', run.spawnRate === undefined ? undefined : `${run.spawnRate}/s`],
    [
      'Arrival rate',
      run.arrivalRate === undefined
        ? undefined
        : `${run.arrivalRate}/s${run.arrivalStages ? ' (peak of the stages)' : ''}`,
    ],
    ['Max users', run.maxUsers],
    ['Planned duration', run.durationSeconds === undefined ? undefined : `${run.durationSeconds} s`],
    ['Stages', stageCount(run.stages ?? run.arrivalStages)],
    ['Iterations', run.iterations],
    [
      'User classes',
      run.userClasses &&
        Object.entries(run.userClasses)
          .map(([n, w]) => `${n}: ${w}`)
          .join(', '),
    ],
    ['Tags', run.tags?.length ? run.tags.join(', ') : undefined],
    ['Threads', run.threads],
    ['Shards', run.shards],
    ['Seed', run.seed],
    ['Started (UTC)', utc(summary.startedAt)],
    ['Ended (UTC)', summary.endedAt ? utc(summary.endedAt) : 'not ended'],
    ['Duration', `${summary.durationSeconds.toFixed(1)} s`],
    ['Stopped by', run.stoppedBy],
    ['Stopped in', run.stoppedIn],
    ['Runner', versions.runner === undefined ? undefined : `journeys ${versions.runner}`],
    ['Node', versions.node],
    ['Exit code', summary.exitCode],
    ['Command', run.command ? `journeys ${run.command}` : undefined],
  ];
  const rows = items
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(
      ([label, value]) =>
        `<div${label === 'Command' ? ' class="wide"' : ''}><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></div>`,
    );
  return `<dl class="meta">${rows.join('')}</dl>`;
}

/** A warning box when the runner saw itself saturated: its latencies are then partly its own. */
export function selfCheckWarning(check: SelfCheckSummary | undefined): string {
  if (!check?.suspect) return '';
  const reasons = (check.reasons ?? []).map((r) => `<li>${escapeHtml(r)}</li>`).join('');
  return (
    `<div class="warning" id="suspect"><strong>Results suspect:</strong> the runner was saturated, ` +
    `so measured latencies are partly the generator's own.<ul>${reasons}</ul></div>`
  );
}

export function thresholdsTable(thresholds: readonly ThresholdSummary[] | undefined): string {
  return table({
    id: 'thresholds',
    headers: ['Threshold', 'Result', 'Measured', 'Where / why'],
    rows: (thresholds ?? []).map((t) => [
      { html: `<code>${escapeHtml(t.expression)}</code>` },
      verdict(t.pass),
      measured(t),
      t.reason ?? t.subject ?? t.selector ?? 'all requests',
    ]),
    empty: 'No thresholds were set.',
  });
}

export function invariantsTable(invariants: readonly InvariantSummary[] | undefined): string {
  if (!invariants?.length) return '';
  return (
    '<h3>Invariants</h3>' +
    table({
      id: 'invariants',
      headers: ['Invariant', 'Result', 'Detail'],
      rows: invariants.map((i) => [i.name, verdict(i.pass), i.message ?? '']),
      empty: '',
    })
  );
}

/** PASS / FAIL / NOT ENDED for the whole run, from its exit code. */
export function outcomeBadge(summary: RunSummary): string {
  const failed =
    (summary.exitCode !== undefined && summary.exitCode !== 0) ||
    summary.thresholds?.some((t) => !t.pass) ||
    summary.invariants?.some((i) => !i.pass);
  return `<span class="badge ${failed ? 'fail' : 'pass'}" id="outcome">${failed ? 'FAIL' : 'PASS'}</span>`;
}

function verdict(pass: boolean): { html: string; className: string } {
  return { html: pass ? 'PASS' : 'FAIL', className: pass ? 'pass' : 'fail' };
}

const UNIT = { ms: ' ms', ratio: '', rps: ' rps', count: '' } as Record<string, string>;

function measured(t: ThresholdSummary): string {
  if (t.actual === null || t.actual === undefined) return '-';
  const value =
    t.unit === 'ratio' ? `${(t.actual * 100).toFixed(2)}%` : String(Math.round(t.actual * 100) / 100);
  return `${value}${t.unit === 'ratio' ? '' : (UNIT[t.unit ?? ''] ?? '')}`;
}

function stageCount(stages: unknown): number | undefined {
  return Array.isArray(stages) ? stages.length : undefined;
}

function utc(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, ' UTC');
}
