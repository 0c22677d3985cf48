/**
 * The pipeline tab's numbers, from two scrapes of a target's /metrics a second apart:
 * events appended per second (per domain when the target labels them so), commands per
 * second and their mean and p95 duration, version conflicts and retries per second,
 * projection lag and the saga or outbox backlog. Series are found by name pattern, so a
 * target without some of them simply has fewer lines.
 */
import type { MetricSample } from '../target/prometheus-text.ts';

/** One chart of the tab: the lines it draws, by key of `PipelineLines`. */
export interface PipelineChart {
  id: string;
  title: string;
  unit: string;
}

export const PIPELINE_CHARTS: readonly PipelineChart[] = [
  { id: 'pipeline-events', title: 'Events appended per second', unit: '/s' },
  { id: 'pipeline-commands', title: 'Commands per second', unit: '/s' },
  { id: 'pipeline-duration', title: 'Command duration (ms): mean and p95 of the last second', unit: 'ms' },
  { id: 'pipeline-conflicts', title: 'Version conflicts and retries per second', unit: '/s' },
  { id: 'pipeline-lag', title: 'Projection lag and saga backlog (events)', unit: 'events' },
];

/** Line label → value, per chart id. */
export type PipelineLines = Record<string, Record<string, number | null>>;

/** Most lines per chart: past that a chart is not readable (the rest go into "other"). */
const MOST_LINES = 8;

const COUNTER = {
  eventsByDomain: /^[a-z_]*(domain_)?events(_appended)?_total$/,
  eventsAppended: /eventstore_events_appended_total$/,
  commandCount: /command_duration_seconds_count$/,
  commandSum: /command_duration_seconds_sum$/,
  commandBucket: /command_duration_seconds_bucket$/,
  conflicts: /(version_)?conflicts_total$/,
  retries: /retries_total$/,
};
const GAUGE = {
  lag: /projection_lag/,
  backlog: /(saga|outbox).*(backlog|pending|lag)|backlog/,
};

/**
 * @example const lines = pipelineLines(previous, current, 1.02); lines['pipeline-conflicts']['conflicts/s']
 */
export function pipelineLines(
  before: readonly MetricSample[],
  now: readonly MetricSample[],
  seconds: number,
): PipelineLines {
  const rate = (pattern: RegExp, group: (s: MetricSample) => string | undefined) =>
    rates(sum(before, pattern, group), sum(now, pattern, group), seconds);
  const lines: PipelineLines = {};

  // Per domain when a counter of events says so; else per event type; else the store's total.
  const domainEvents = now.filter(
    (s) => COUNTER.eventsByDomain.test(s.name) && s.labels.domain !== undefined,
  );
  const typedEvents = now.filter((s) => COUNTER.eventsByDomain.test(s.name) && s.labels.type !== undefined);
  const events =
    domainEvents.length > 0
      ? rate(COUNTER.eventsByDomain, (s) => s.labels.domain)
      : typedEvents.length > 0
        ? rate(COUNTER.eventsByDomain, (s) => (s.labels.type === undefined ? undefined : s.labels.type))
        : {};
  lines['pipeline-events'] = {
    ...mostLines(events),
    ...prefixed(
      rate(COUNTER.eventsAppended, () => 'all events'),
      '',
    ),
  };

  const commands = rate(COUNTER.commandCount, (s) =>
    s.labels.outcome ? `outcome ${s.labels.outcome}` : 'commands',
  );
  lines['pipeline-commands'] = mostLines(commands);

  const count = rates(
    sum(before, COUNTER.commandCount, all),
    sum(now, COUNTER.commandCount, all),
    seconds,
  ).all;
  const total = rates(sum(before, COUNTER.commandSum, all), sum(now, COUNTER.commandSum, all), seconds).all;
  lines['pipeline-duration'] =
    count === undefined
      ? {}
      : {
          mean: count && typeof total === 'number' && count > 0 ? round((total / count) * 1000) : null,
          p95: bucketQuantile(before, now, 0.95),
        };

  lines['pipeline-conflicts'] = {
    ...prefixed(
      rate(COUNTER.conflicts, () => 'conflicts/s'),
      '',
    ),
    ...prefixed(
      rate(COUNTER.retries, () => 'retries/s'),
      '',
    ),
  };

  const gauges: Record<string, number | null> = {};
  for (const sample of now) {
    if (sample.name.endsWith('_total') || sample.name.endsWith('_bucket')) continue;
    const subject = Object.values(sample.labels).join(' ');
    if (GAUGE.lag.test(sample.name)) gauges[`lag ${subject}`.trim()] = sample.value;
    else if (GAUGE.backlog.test(sample.name)) gauges[`${sample.name} ${subject}`.trim()] = sample.value;
  }
  lines['pipeline-lag'] = mostLines(gauges);
  return lines;
}

const all = () => 'all';

function sum(
  samples: readonly MetricSample[],
  pattern: RegExp,
  group: (s: MetricSample) => string | undefined,
) {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    if (!pattern.test(sample.name)) continue;
    const key = group(sample);
    if (key !== undefined) sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Per-second change of each counter; a counter that went down (a restart) gives no value. */
function rates(before: Map<string, number>, now: Map<string, number>, seconds: number) {
  const out: Record<string, number | null> = {};
  for (const [key, value] of now) {
    const previous = before.get(key) ?? 0;
    out[key] = value < previous || seconds <= 0 ? null : round((value - previous) / seconds);
  }
  return out;
}

/** The busiest lines, the others summed into `other`. */
function mostLines(lines: Record<string, number | null>): Record<string, number | null> {
  const entries = Object.entries(lines).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0) || (a[0] < b[0] ? -1 : 1));
  if (entries.length <= MOST_LINES) return Object.fromEntries(entries.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  const kept = entries.slice(0, MOST_LINES - 1).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const other = entries.slice(MOST_LINES - 1).reduce((n, [, v]) => n + (v ?? 0), 0);
  return { ...Object.fromEntries(kept), other: round(other) };
}

function prefixed(lines: Record<string, number | null>, prefix: string): Record<string, number | null> {
  return Object.fromEntries(Object.entries(lines).map(([key, value]) => [`${prefix}${key}`, value]));
}

/** The quantile of the last second's command durations, from the change of each histogram bucket (ms). */
function bucketQuantile(
  before: readonly MetricSample[],
  now: readonly MetricSample[],
  q: number,
): number | null {
  const byLe = (samples: readonly MetricSample[]) => sum(samples, COUNTER.commandBucket, (s) => s.labels.le);
  const then = byLe(before);
  const buckets = [...byLe(now)]
    .map(([le, value]) => ({
      le: Number(le === '+Inf' ? Number.POSITIVE_INFINITY : le),
      count: value - (then.get(le) ?? 0),
    }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (!(total > 0)) return null;
  let lower = 0;
  let below = 0;
  for (const bucket of buckets) {
    if (bucket.count >= q * total) {
      if (!Number.isFinite(bucket.le)) return round(lower * 1000);
      const inBucket = bucket.count - below;
      const share = inBucket > 0 ? (q * total - below) / inBucket : 1;
      return round((lower + (bucket.le - lower) * share) * 1000);
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return null;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
