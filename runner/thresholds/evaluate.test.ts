import { afterEach, describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { checkAbort, evaluateThresholds } from './evaluate.ts';
import { parseThreshold } from './parse.ts';

const recorders: StatsRecorder[] = [];
afterEach(() => {
  for (const recorder of recorders.splice(0)) recorder.close();
});

/** A 10-second run with known samples, merged from a recorder as the worker threads send them. */
function knownRun(record: (recorder: StatsRecorder) => void = recordKnownSamples): RunStats {
  const recorder = new StatsRecorder();
  recorders.push(recorder);
  record(recorder);
  const stats = new RunStats({ startedAt: 1_000_000 });
  stats.merge(recorder.takeSnapshot());
  stats.end(1_010_000);
  return stats;
}

function recordKnownSamples(recorder: StatsRecorder): void {
  // GET: 1…100 ms, two failures. POST: ten of 200 ms. Aggregated: 110 requests, 2 failed, 11/s.
  for (let ms = 1; ms <= 100; ms++) {
    recorder.request('GET', 'GET /orders/{id}', ms, 100, ms % 50 === 0 ? 'HTTP 500' : undefined);
  }
  for (let i = 0; i < 10; i++) recorder.request('POST', 'POST /orders', 200, 10);
  // EndToEndOrder: ten completed in 1…10 s, two interrupted. Checkout: never completed.
  for (let s = 1; s <= 10; s++) recorder.journey('EndToEndOrder', s * 1000);
  recorder.journey('EndToEndOrder', 500, 'pay');
  recorder.journey('EndToEndOrder', 700, 'pay');
  recorder.journey('Checkout', 50, 'cart');
}

function evaluate(expression: string, stats = knownRun()) {
  return evaluateThresholds([parseThreshold(expression)], stats)[0];
}

describe('evaluateThresholds', () => {
  it('reads the aggregated row without a selector', () => {
    const result = evaluate('p95<500ms');
    expect(result).toMatchObject({
      expression: 'p95<500ms',
      metric: 'p95',
      op: '<',
      limit: 500,
      unit: 'ms',
      pass: true,
    });
    expect(result.actual).toBeCloseTo(200, -1); // the 105th of 110 samples, within HDR's 0.1%
    expect(result).not.toHaveProperty('selector');
    expect(result).not.toHaveProperty('subject');
  });

  it('gives exact counts, ratios and rates', () => {
    expect(evaluate('count==110')).toMatchObject({ actual: 110, pass: true, unit: 'count' });
    expect(evaluate('fail_ratio<0.01')).toMatchObject({ actual: 2 / 110, pass: false, unit: 'ratio' });
    expect(evaluate('rps>=11')).toMatchObject({ actual: 11, pass: true, unit: 'rps' });
    expect(evaluate('GET /orders/{id}: fail_ratio<=2%')).toMatchObject({ actual: 0.02, pass: true });
    expect(evaluate('POST /orders: avg==200')).toMatchObject({ actual: 200, pass: true });
    expect(evaluate('GET /orders/{id}: min>=1')).toMatchObject({ actual: 1, pass: true });
    expect(evaluate('GET /orders/{id}: max<100')).toMatchObject({ actual: 100, pass: false });
    expect(evaluate('avg < 1s').actual).toBeCloseTo((5050 + 2000) / 110, 6);
  });

  it('reads one endpoint through its selector', () => {
    const result = evaluate('GET /orders/{id}: p95<90');
    expect(result).toMatchObject({ selector: 'GET /orders/{id}', metric: 'p95', limit: 90, pass: false });
    expect(result.actual).toBeCloseTo(95, 0);
    expect(result).not.toHaveProperty('subject');
    expect(evaluate('GET /orders/{id}: med<=50').actual).toBeCloseTo(50, 0);
  });

  it('matches a selector against "METHOD name" as well as the name', () => {
    const stats = knownRun((recorder) => {
      recorder.request('GET', '/health', 5, 2);
      recorder.request('GET', '/items', 10, 2);
      recorder.request('POST', '/items', 50, 2);
    });
    expect(evaluate('GET /health: max<=5', stats)).toMatchObject({ actual: 5, pass: true });
    expect(evaluate('/health: count==1', stats)).toMatchObject({ actual: 1, pass: true });
    // Both methods must pass; the worst one is reported.
    expect(evaluate('/items: max<20', stats)).toMatchObject({
      actual: 50,
      pass: false,
      subject: 'POST /items',
    });
    expect(evaluate('/items: min>5', stats)).toMatchObject({ actual: 10, pass: true, subject: 'GET /items' });
  });

  it('reads a journey', () => {
    const result = evaluate('EndToEndOrder: journey_p95 < 8s');
    expect(result).toMatchObject({
      selector: 'EndToEndOrder',
      metric: 'journey_p95',
      limit: 8000,
      pass: false,
    });
    expect(result.actual).toBeCloseTo(10_000, -1);
    expect(evaluate('EndToEndOrder: interrupt_ratio < 20%')).toMatchObject({ actual: 2 / 12, pass: true });
    expect(evaluate('EndToEndOrder: journey_count==12')).toMatchObject({ actual: 12, pass: true });
    expect(evaluate('EndToEndOrder: journey_avg==5500')).toMatchObject({ actual: 5500, pass: true });
  });

  it('holds a journey metric without selector to every journey, reporting the worst', () => {
    expect(evaluate('interrupt_ratio<0.5')).toMatchObject({ actual: 1, pass: false, subject: 'Checkout' });
    expect(evaluate('journey_count>=1')).toMatchObject({ actual: 1, pass: true, subject: 'Checkout' });
    expect(evaluate('journey_max<11s')).toMatchObject({
      actual: undefined,
      pass: false,
      subject: 'Checkout',
      reason: 'no completed journeys named "Checkout" to measure journey_max on',
    });
  });

  it('fails, never passes silently, when a selector matches nothing', () => {
    expect(evaluate('GET /nope: p95<300')).toMatchObject({
      actual: undefined,
      pass: false,
      reason: 'no requests named "GET /nope"',
    });
    expect(evaluate('EndToEndOrder: p95<8s')).toMatchObject({
      pass: false,
      reason: 'no requests named "EndToEndOrder" (EndToEndOrder is a journey: use journey_p95)',
    });
    expect(evaluate('Nope: journey_p95<8s')).toMatchObject({
      pass: false,
      reason: 'no journeys named "Nope"',
    });
    expect(evaluate('Checkout: journey_p95<8s')).toMatchObject({
      pass: false,
      reason: 'no completed journeys named "Checkout" to measure journey_p95 on',
    });
  });

  it('fails when nothing ran, except a count, which is then 0', () => {
    const empty = knownRun(() => {});
    expect(evaluate('p95<500', empty)).toMatchObject({ pass: false, reason: 'no requests were recorded' });
    expect(evaluate('interrupt_ratio<0.1', empty)).toMatchObject({
      pass: false,
      reason: 'no journeys were recorded',
    });
    expect(evaluate('count==0', empty)).toMatchObject({ actual: 0, pass: true });
  });
});

describe('checkAbort', () => {
  const thresholds = ['p95<500ms', 'fail_ratio<0.01', 'count>1000', 'GET /later: p95<300'].map((e) =>
    parseThreshold(e),
  );

  it('waits out the grace period', () => {
    expect(checkAbort(thresholds, knownRun(), 29, 30)).toEqual([]);
  });

  it('then names the failed thresholds, but not a count still to be reached nor one without data yet', () => {
    const failed = checkAbort(thresholds, knownRun(), 30, 30);
    expect(failed.map((result) => result.expression)).toEqual(['fail_ratio<0.01']);
  });
});

describe('open-model thresholds', () => {
  /** 20 arrivals: 18 started with a lag of 1…18 ms, 2 dropped. */
  const openRun = () =>
    knownRun((recorder) => {
      for (let ms = 1; ms <= 18; ms++) recorder.arrivalStarted(1_000, ms);
      recorder.arrivalDropped(1_001);
      recorder.arrivalDropped(1_001);
    });

  it('reads dropped arrivals and start lag', () => {
    const stats = openRun();
    expect(evaluate('dropped_ratio<5%', stats)).toMatchObject({ actual: 0.1, pass: false, unit: 'ratio' });
    expect(evaluate('dropped<=2', stats)).toMatchObject({ actual: 2, pass: true, unit: 'count' });
    const median = evaluate('start_lag_p50<10ms', stats);
    expect(median.pass).toBe(true);
    // HDR histograms: within 0.1% of the exact 9 ms.
    expect(median.actual).toBeCloseTo(9, 1);
    expect(evaluate('start_lag_max<10ms', stats)).toMatchObject({ actual: 18, pass: false });
  });

  it('fails with a reason on a closed-model run, or with nothing started', () => {
    expect(evaluate('dropped_ratio<1%')).toMatchObject({
      pass: false,
      actual: undefined,
      reason: 'no arrivals: dropped_ratio is for the open model (arrival_rate)',
    });
    const allDropped = knownRun((recorder) => recorder.arrivalDropped(1_000));
    expect(evaluate('start_lag_p95<1s', allDropped)).toMatchObject({
      pass: false,
      reason: 'no journeys started to measure start_lag_p95 on',
    });
    expect(evaluate('dropped_ratio<=100%', allDropped)).toMatchObject({ actual: 1, pass: true });
  });
});
