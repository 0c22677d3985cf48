/**
 * k6 habits in threshold expressions: `http_req_duration: p(95)<500` reads here as a
 * request *named* http_req_duration (and fails at the end with "no requests named …"), and
 * `http_req_failed: rate<0.01` as an unknown metric. Both are caught when the threshold is
 * parsed, with the expression to write instead.
 */

/** k6 metric → our metric for each of its aggregations (`p(N)` stands for every percentile). */
const K6_METRICS: Record<string, Record<string, string>> = {
  http_req_duration: { 'p(N)': 'pN', avg: 'avg', med: 'med', min: 'min', max: 'max' },
  http_req_failed: { rate: 'fail_ratio' },
  http_reqs: { count: 'count', rate: 'rps' },
  iteration_duration: {
    'p(N)': 'journey_pN',
    avg: 'journey_avg',
    med: 'journey_med',
    min: 'journey_min',
    max: 'journey_max',
  },
  iterations: { count: 'journey_count' },
  dropped_iterations: { count: 'dropped' },
};

/** k6 metrics with no counterpart here (timings of connection phases, checks, VUs, bytes). */
const K6_ONLY = new Set([
  'checks',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
  'group_duration',
  'vus',
  'vus_max',
  'data_sent',
  'data_received',
]);

/**
 * The problem with a threshold whose selector is a k6 metric name; undefined when it is not one.
 * @example k6Hint('http_req_failed', 'rate<0.01') // 'http_req_failed is k6's metric name: here write "fail_ratio<0.01"'
 */
export function k6Hint(selector: string, rest: string): string | undefined {
  const match = /^([a-z_]+)(?:\{(.*)\})?$/.exec(selector.trim());
  if (!match) return undefined;
  const [, metric, tags] = match;
  if (K6_ONLY.has(metric)) {
    return `${metric} is a k6 metric with no counterpart here; thresholds read request and journey metrics (p95, avg, fail_ratio, rps, journey_p95, interrupt_ratio …)`;
  }
  const aggregations = K6_METRICS[metric];
  if (!aggregations) return undefined;
  const condition = /^\s*(p\(\s*([\d.]+)\s*\)|[a-z]+)\s*(.*)$/.exec(rest);
  const ours = condition && (condition[2] ? aggregations['p(N)'] : aggregations[condition[1]]);
  if (!condition || !ours) {
    return `${metric} is k6's metric name: here use ${[...new Set(Object.values(aggregations))].join(', ')}`;
  }
  const percentile = condition[2] ? ours.replace('N', condition[2]) : ours;
  // `{name:GET /orders/{id},status:200}`: split before each `tag:` so braces in names survive.
  const pairs = (tags ?? '').split(/,(?=\s*\w+\s*:)/).map((pair) => /^\s*(\w+)\s*:\s*(.*?)\s*$/.exec(pair));
  const name = pairs.find((pair) => pair?.[1] === 'name')?.[2];
  const otherTags = pairs.some((pair) => pair && pair[1] !== 'name');
  const suggestion = `${name ? `${name}: ` : ''}${percentile}${condition[3].replace(/\s+/g, '')}`;
  return `${metric} is k6's metric name: here write "${suggestion}"${otherTags ? ' (only the name tag can select a row here)' : ''}`;
}

/** k6's `rate` aggregation written as a metric of its own. */
export function k6MetricHint(metric: string): string | undefined {
  return metric === 'rate'
    ? 'k6’s rate is fail_ratio (failed requests) or rps (requests per second) here'
    : undefined;
}
