import { describe, expect, it } from 'vitest';
import { parseThreshold } from './parse.ts';

/** The message parseThreshold throws for an expression. */
function problem(expression: string): string {
  try {
    parseThreshold(expression);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
}

describe('k6 threshold syntax', () => {
  it('maps k6 metric names to ours, with the expression to write', () => {
    expect(problem('http_req_duration: p(95)<500')).toContain('here write "p95<500"');
    expect(problem('http_req_duration: p(99.9) < 1500')).toContain('here write "p99.9<1500"');
    expect(problem('http_req_failed: rate<0.01')).toContain('here write "fail_ratio<0.01"');
    expect(problem('http_reqs: rate>100')).toContain('here write "rps>100"');
    expect(problem('iteration_duration: avg<2000')).toContain('here write "journey_avg<2000"');
    expect(problem('dropped_iterations: count<1')).toContain('here write "dropped<1"');
    expect(problem('http_req_duration{name:GET /orders/{id}}: p(95)<500')).toContain(
      'here write "GET /orders/{id}: p95<500"',
    );
    expect(problem('http_req_duration{status:200}: avg<200')).toContain(
      'here write "avg<200" (only the name tag can select a row here)',
    );
  });

  it('says when k6 has no counterpart here, and what k6’s rate is', () => {
    expect(problem('checks: rate>0.99')).toContain('checks is a k6 metric with no counterpart here');
    expect(problem('http_req_failed: count<3')).toContain('here use fail_ratio');
    expect(problem('rate<0.01')).toContain('k6’s rate is fail_ratio (failed requests) or rps');
  });

  it('leaves our own selectors alone', () => {
    expect(parseThreshold('GET /orders/{id}: p95<300').selector).toBe('GET /orders/{id}');
    expect(parseThreshold('Checkout: journey_p95<8s').selector).toBe('Checkout');
  });
});
