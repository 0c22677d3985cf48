/** The pipeline tab's numbers from two scrapes of the service's metrics, with exact inputs. */
import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../target/prometheus-text.ts';
import { pipelineLines } from './pipeline-lines.ts';

const before = parsePrometheusText(`# HELP x
journeys_eventstore_events_appended_total 100
journeys_domain_events_total{type="OrderCreated"} 10
journeys_domain_events_total{type="PaymentFailed"} 2
journeys_eventstore_conflicts_total 4
journeys_command_retries_total 3
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="0.01"} 10
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="0.1"} 10
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="+Inf"} 10
journeys_command_duration_seconds_sum{command="place",outcome="ok"} 0.05
journeys_command_duration_seconds_count{command="place",outcome="ok"} 10
journeys_projection_lag_events{subscriber="checkout-saga"} 7
`);
const after = parsePrometheusText(`journeys_eventstore_events_appended_total 140
journeys_domain_events_total{type="OrderCreated"} 30
journeys_domain_events_total{type="PaymentFailed"} 2
journeys_eventstore_conflicts_total 6
journeys_command_retries_total 7
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="0.01"} 20
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="0.1"} 30
journeys_command_duration_seconds_bucket{command="place",outcome="ok",le="+Inf"} 30
journeys_command_duration_seconds_sum{command="place",outcome="ok"} 0.85
journeys_command_duration_seconds_count{command="place",outcome="ok"} 30
journeys_projection_lag_events{subscriber="checkout-saga"} 3
`);

describe('pipelineLines', () => {
  it('rates per second over the scrapes, mean and p95 from the buckets, gauges as they are', () => {
    const lines = pipelineLines(before, after, 2);
    expect(lines['pipeline-events']).toEqual({ OrderCreated: 10, PaymentFailed: 0, 'all events': 20 });
    expect(lines['pipeline-commands']).toEqual({ 'outcome ok': 10 });
    // 20 commands took 0.8 s: 40 ms each; 10 of them ≤ 10 ms, 10 in (10, 100] ms: p95 at 19/20 → 91 ms.
    expect(lines['pipeline-duration']).toEqual({ mean: 40, p95: 91 });
    expect(lines['pipeline-conflicts']).toEqual({ 'conflicts/s': 1, 'retries/s': 2 });
    expect(lines['pipeline-lag']).toEqual({ 'lag checkout-saga': 3 });
  });

  it('groups events by a domain label when the target has one, and has no lines for missing series', () => {
    const domain = (n: number) =>
      parsePrometheusText(`journeys_domain_events_total{domain="ordering",type="OrderCreated"} ${n}\n`);
    const lines = pipelineLines(domain(5), domain(8), 1);
    expect(lines['pipeline-events']).toEqual({ ordering: 3 });
    expect(lines['pipeline-duration']).toEqual({});
    expect(lines['pipeline-conflicts']).toEqual({});
    expect(lines['pipeline-lag']).toEqual({});
  });

  it('a counter that went down (the target restarted) gives no value, not a negative rate', () => {
    const lines = pipelineLines(before, parsePrometheusText('journeys_eventstore_conflicts_total 1\n'), 1);
    expect(lines['pipeline-conflicts']).toEqual({ 'conflicts/s': null });
  });
});

describe('parsePrometheusText', () => {
  it('reads labels with escapes and skips comments and bad lines', () => {
    expect(
      parsePrometheusText('# TYPE a counter\na{x="q\\"uote",y="b"} 2.5 1700000000\nbad line here\nb +Inf\n'),
    ).toEqual([
      { name: 'a', labels: { x: 'q"uote', y: 'b' }, value: 2.5 },
      { name: 'b', labels: {}, value: Number.POSITIVE_INFINITY },
    ]);
  });
});
