import { describe, expect, it } from 'vitest';
import { parseThreshold } from './parse.ts';
import { ThresholdError } from './threshold-error.ts';

describe('parseThreshold', () => {
  it.each([
    ['p95<500ms', { metric: 'p95', scope: 'request', percentile: 95, op: '<', limit: 500, unit: 'ms' }],
    ['p(99) < 1.5s', { metric: 'p99', scope: 'request', percentile: 99, op: '<', limit: 1500, unit: 'ms' }],
    ['fail_ratio<0.01', { metric: 'fail_ratio', scope: 'request', op: '<', limit: 0.01, unit: 'ratio' }],
    [
      'GET /orders/{id}: p95<300',
      {
        selector: 'GET /orders/{id}',
        metric: 'p95',
        scope: 'request',
        percentile: 95,
        op: '<',
        limit: 300,
        unit: 'ms',
      },
    ],
    [
      'EndToEndOrder: journey_p95 < 8s',
      {
        selector: 'EndToEndOrder',
        metric: 'journey_p95',
        scope: 'journey',
        percentile: 95,
        op: '<',
        limit: 8000,
        unit: 'ms',
      },
    ],
    ['p99.9<=2s', { metric: 'p99.9', percentile: 99.9, op: '<=', limit: 2000 }],
    ['p99.99 < 3000', { metric: 'p99.99', percentile: 99.99, limit: 3000 }],
    ['p(99.9)<1s', { metric: 'p99.9', percentile: 99.9, limit: 1000 }],
    ['p100<5s', { metric: 'p100', percentile: 100, limit: 5000 }],
    ['p50 < 800us', { metric: 'p50', limit: 0.8 }],
    ['avg<200', { metric: 'avg', limit: 200, unit: 'ms' }],
    ['med<=150ms', { metric: 'med', op: '<=', limit: 150 }],
    ['median<150', { metric: 'med' }],
    ['min>=0', { metric: 'min', op: '>=', limit: 0 }],
    ['max < 10s', { metric: 'max', limit: 10_000 }],
    ['fail_ratio < 1%', { metric: 'fail_ratio', limit: 0.01, unit: 'ratio' }],
    ['rps>100', { metric: 'rps', op: '>', limit: 100, unit: 'rps' }],
    ['rps >= 50/s', { metric: 'rps', op: '>=', limit: 50 }],
    ['count==1000', { metric: 'count', op: '==', limit: 1000, unit: 'count' }],
    ['interrupt_ratio<0.05', { metric: 'interrupt_ratio', scope: 'journey', limit: 0.05, unit: 'ratio' }],
    ['journey_p(99)<20s', { metric: 'journey_p99', scope: 'journey', percentile: 99, limit: 20_000 }],
    ['journey_avg<5s', { metric: 'journey_avg', scope: 'journey', limit: 5000 }],
    [
      '[FLASH] POST /inventory/{id}/reserve : fail_ratio < 0.5%',
      { selector: '[FLASH] POST /inventory/{id}/reserve', metric: 'fail_ratio', limit: 0.005 },
    ],
    ['P95<1s', { metric: 'p95', limit: 1000 }],
    ['dropped_ratio<1%', { metric: 'dropped_ratio', scope: 'arrival', limit: 0.01, unit: 'ratio' }],
    ['dropped==0', { metric: 'dropped', scope: 'arrival', op: '==', limit: 0, unit: 'count' }],
    ['start_lag_p(99)<50ms', { metric: 'start_lag_p99', scope: 'arrival', percentile: 99, limit: 50 }],
    ['start_lag_median<5', { metric: 'start_lag_med', scope: 'arrival', limit: 5, unit: 'ms' }],
  ] as const)('%s', (expression, expected) => {
    const threshold = parseThreshold(expression, '--threshold');
    expect(threshold).toMatchObject({ expression, ...expected });
    if (!expression.includes(':')) expect(threshold).not.toHaveProperty('selector');
  });

  it('parses the limit exactly as written', () => {
    expect(parseThreshold('p95<500ms')).toEqual({
      expression: 'p95<500ms',
      metric: 'p95',
      scope: 'request',
      percentile: 95,
      op: '<',
      limit: 500,
      unit: 'ms',
    });
  });

  it.each([
    ['p95<<3', 'threshold "p95<<3": expected a number after "<"'],
    ['p95 500', 'threshold "p95 500": expected an operator (<, <=, >, >=, ==) after "p95"'],
    ['p95=500', 'threshold "p95=500": unsupported operator; use <, <=, >, >= or =='],
    ['p95<', 'threshold "p95<": expected a number after "<"'],
    [
      'p955<3',
      'threshold "p955<3": unknown metric "p955" (percentiles go from p0 to p100, e.g. p95, p99.9, p(99))',
    ],
    [
      'p(abc)<3',
      'threshold "p(abc)<3": unknown metric "p(abc)" (percentiles go from p0 to p100, e.g. p95, p99.9, p(99))',
    ],
    ['fail_rate<0.01', 'threshold "fail_rate<0.01": unknown metric "fail_rate" (did you mean "fail_ratio"?)'],
    ['latency<3', 'threshold "latency<3": unknown metric "latency"; metrics are p50…p100'],
    ['p95<3h', 'threshold "p95<3h": unknown unit "h" for p95 (use us, ms or s; plain numbers are ms)'],
    ['p95<3 ms extra', 'threshold "p95<3 ms extra": unknown unit "ms extra" for p95'],
    ['fail_ratio<1ms', 'threshold "fail_ratio<1ms": fail_ratio is a ratio: write 0.01 or 1%, not "ms"'],
    [
      'fail_ratio<5',
      'threshold "fail_ratio<5": fail_ratio is a ratio between 0 and 1 (got 5; write 5% for a percentage)',
    ],
    ['count<5s', 'threshold "count<5s": count takes no unit (got "s")'],
    ['p95<-1', 'threshold "p95<-1": the limit must not be negative (got -1)'],
    [
      'Browse: dropped_ratio<1%',
      'threshold "Browse: dropped_ratio<1%": dropped_ratio is about the whole run\'s arrivals: leave the selector out',
    ],
    [': p95<3', 'threshold ": p95<3": empty selector before ":"'],
    ['GET /x:', 'threshold "GET /x:": expected a metric such as p95, avg or fail_ratio'],
    ['', 'threshold "": expected a metric such as p95, avg or fail_ratio'],
    ['<3', 'threshold "<3": expected a metric, got "<3"'],
  ])('rejects %j', (expression, message) => {
    let thrown: unknown;
    try {
      parseThreshold(expression);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ThresholdError);
    expect((thrown as ThresholdError).message).toContain(message);
    expect((thrown as ThresholdError).code).toBe('THRESHOLD_INVALID');
    expect((thrown as ThresholdError).exitCode).toBe(2);
  });

  it('puts where in front of the message', () => {
    expect(() => parseThreshold('p95<<3', '--threshold')).toThrow(
      '--threshold: threshold "p95<<3": expected a number after "<"',
    );
  });
});
