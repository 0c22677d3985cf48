/**
 * The parity benchmark's printout: per request name Locust's figures beside ours, each
 * generator's CPU, and the targets with the figures that meet or miss them.
 */
import type { SideResult } from './run-side.ts';
import type { StatsRow } from './stats-csv.ts';

/** The targets of the comparison: figures to read, not a test that fails the run. */
export const TARGETS = {
  countShare: 0.05,
  rpsShare: 0.05,
  p50Share: 0.05,
  p50Ms: 2,
  cpuPerRequestRatio: 1 / 3,
} as const;

const AGGREGATED = 'Aggregated';

const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

/** (ours − theirs) / theirs, as a signed percentage. */
function delta(theirs: number | undefined, ours: number | undefined): string {
  if (theirs === undefined || ours === undefined || theirs === 0) return '—';
  const share = (ours - theirs) / theirs;
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows
    .map((row) =>
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
    )
    .join('\n');
}

/** Request names of either side, the Aggregated row last. */
function names(a: SideResult, b: SideResult): string[] {
  const all = new Set([...a.rows.keys(), ...b.rows.keys()]);
  all.delete(AGGREGATED);
  return [...[...all].sort(), AGGREGATED];
}

export function requestTable(locust: SideResult, ours: SideResult): string {
  const header = [
    'name',
    'count L',
    'count J',
    'Δ',
    'rps L',
    'rps J',
    'p50 L',
    'p50 J',
    'p95 L',
    'p95 J',
    'p99 L',
    'p99 J',
    'fail L',
    'fail J',
  ];
  const rows = names(locust, ours).map((name) => {
    const l = locust.rows.get(name);
    const j = ours.rows.get(name);
    return [
      name,
      fmt(l?.count),
      fmt(j?.count),
      delta(l?.count, j?.count),
      fmt(l?.rps, 2),
      fmt(j?.rps, 2),
      fmt(l?.p50, 1),
      fmt(j?.p50, 1),
      fmt(l?.p95, 1),
      fmt(j?.p95, 1),
      fmt(l?.p99, 1),
      fmt(j?.p99, 1),
      fmt(l?.failures),
      fmt(j?.failures),
    ];
  });
  return table([header, ...rows]);
}

const cpuPerRequestMs = (side: SideResult, cpuSeconds = side.cpuSeconds): number =>
  (cpuSeconds * 1000) / (side.rows.get(AGGREGATED)?.count ?? Number.NaN);

/** CPU per request without the generator's fixed cost (start-up, shut-down). */
const netCpuPerRequestMs = (side: SideResult): number =>
  cpuPerRequestMs(side, Math.max(0, side.cpuSeconds - side.startupCpuSeconds));

export function cpuTable(locust: SideResult, ours: SideResult): string {
  const header = [
    'generator',
    'requests',
    'CPU s',
    'start-up CPU s',
    'CPU ms/request',
    'net ms/request',
    'service CPU s',
  ];
  const row = (side: SideResult) => [
    side.label,
    fmt(side.rows.get(AGGREGATED)?.count),
    fmt(side.cpuSeconds, 2),
    fmt(side.startupCpuSeconds, 2),
    fmt(cpuPerRequestMs(side), 3),
    fmt(netCpuPerRequestMs(side), 3),
    fmt(side.serviceCpuSeconds, 2),
  ];
  return table([header, row(locust), row(ours)]);
}

const within = (theirs: number, ours: number, share: number): boolean =>
  Math.abs(ours - theirs) <= share * theirs;

/** One line per target: met or missed, and what missed it. */
export function targetLines(locust: SideResult, ours: SideResult): string[] {
  const pairs = names(locust, ours).map(
    (name) => [name, locust.rows.get(name), ours.rows.get(name)] as const,
  );
  const both = pairs.filter(
    (p): p is readonly [string, StatsRow, StatsRow] => p[1] !== undefined && p[2] !== undefined,
  );
  const missing = pairs.filter(([, l, j]) => l === undefined || j === undefined).map(([name]) => name);
  const verdict = (ok: boolean) => (ok ? 'met   ' : 'missed');

  const countsOff = both.filter(([, l, j]) => !within(l.count, j.count, TARGETS.countShare)).map(([n]) => n);
  const p50Off = both
    .filter(([, l, j]) => !within(l.p50, j.p50, TARGETS.p50Share) && Math.abs(l.p50 - j.p50) > TARGETS.p50Ms)
    .map(([n]) => n);
  const la = locust.rows.get(AGGREGATED);
  const ja = ours.rows.get(AGGREGATED);
  const rpsOk = la !== undefined && ja !== undefined && within(la.rps, ja.rps, TARGETS.rpsShare);
  const cpuRatio = cpuPerRequestMs(ours) / cpuPerRequestMs(locust);
  const netCpuRatio = netCpuPerRequestMs(ours) / netCpuPerRequestMs(locust);

  const list = (items: string[]) => (items.length ? `: ${items.join(', ')}` : '');
  return [
    `${verdict(countsOff.length === 0 && missing.length === 0)} request count per name within 5%${list(countsOff)}${missing.length ? `; on one side only: ${missing.join(', ')}` : ''}`,
    `${verdict(rpsOk)} total rps within 5% (${fmt(la?.rps, 2)} vs ${fmt(ja?.rps, 2)}, ${delta(la?.rps, ja?.rps)})`,
    `${verdict(p50Off.length === 0)} p50 per name within 5% or 2 ms${list(p50Off)}`,
    `${verdict(cpuRatio <= TARGETS.cpuPerRequestRatio)} our CPU per request ≤ 1/3 of Locust's (${fmt(cpuRatio, 2)}× whole process, ${fmt(netCpuRatio, 2)}× net of start-up)`,
  ];
}
