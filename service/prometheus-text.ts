/**
 * Reads Prometheus text exposition (what `/metrics` serves) back into numbers: enough for the
 * metrics-truth test and benchmark to compare counts and mean durations.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key] = value.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of every sample called `name` whose labels include `labels`. */
export function sumOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/**
 * Count and mean of a histogram (from its `_sum` and `_count` series), over the series whose
 * labels include `labels`.
 *
 * @example
 * histogram(parsePrometheus(text), 'journeys_eventstore_append_duration_seconds'); // { count, meanSeconds }
 */
export function histogram(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const count = sumOf(samples, `${name}_count`, labels);
  const sum = sumOf(samples, `${name}_sum`, labels);
  return { count, meanSeconds: count > 0 ? sum / count : 0 };
}
