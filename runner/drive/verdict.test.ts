import { describe, expect, it } from 'vitest';
import { resultsPrefix } from '../report/results.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import type { ThresholdResult } from '../thresholds/evaluate.ts';
import { decideExit, exitCodeOf, exitLine, type Verdict, verdictLines } from './verdict.ts';

const selfCheck = { suspect: false, reasons: [], cores: 2, cpuPeak: 0.1, lagP99PeakMs: 0 };
const clean: Verdict = {
  stoppedBy: 'duration',
  invariants: [],
  thresholds: [],
  selfCheck,
  workerCrashes: 0,
  exitCodeOnError: 1,
};

function statsWithFailures(failures: number): RunStats {
  const recorder = new StatsRecorder();
  recorder.request('GET', '/x', 3, 10);
  for (let i = 0; i < failures; i++) recorder.request('GET', '/x', 3, 10, 'HTTP 500');
  const stats = new RunStats({ startedAt: Date.now() });
  stats.merge(recorder.takeSnapshot());
  return stats;
}

describe('exitCodeOf', () => {
  it('is 0 for a clean run', () => {
    expect(exitCodeOf(clean, statsWithFailures(0))).toBe(0);
  });

  it('uses --exit-code-on-error for failed requests, as Locust', () => {
    expect(exitCodeOf(clean, statsWithFailures(2))).toBe(1);
    expect(exitCodeOf({ ...clean, exitCodeOnError: 0 }, statsWithFailures(2))).toBe(0);
    expect(exitCodeOf({ ...clean, exitCodeOnError: 7 }, statsWithFailures(2))).toBe(7);
  });

  it('is 1 for a failed threshold, invariant or a crashed worker, even when failures are tolerated', () => {
    const failedInvariant = {
      ...clean,
      invariants: [{ name: 'no-oversell', pass: false, detail: '11 of 10' }],
    };
    expect(exitCodeOf(failedInvariant, statsWithFailures(0))).toBe(1);
    expect(exitCodeOf({ ...failedInvariant, exitCodeOnError: 0 }, statsWithFailures(3))).toBe(1);
    expect(exitCodeOf({ ...clean, workerCrashes: 1 }, statsWithFailures(0))).toBe(1);
  });

  it('is 130 / 143 after a signal, whatever else happened', () => {
    expect(exitCodeOf({ ...clean, stoppedBy: 'SIGINT' }, statsWithFailures(5))).toBe(130);
    expect(exitCodeOf({ ...clean, stoppedBy: 'SIGTERM' }, statsWithFailures(0))).toBe(143);
  });
});

describe('exitLine', () => {
  it('names every reason for the exit code', () => {
    const threshold: ThresholdResult = {
      expression: 'p95<5',
      pass: false,
      metric: 'p95',
      op: '<',
      limit: 5,
      actual: 12,
      unit: 'ms',
    };
    expect(exitLine(clean, statsWithFailures(0))).toBe('exit 0: no failed requests or exceptions');
    expect(exitLine(clean, statsWithFailures(1))).toBe('exit 1: 1 failed request');
    expect(exitLine({ ...clean, exitCodeOnError: 7, thresholds: [threshold] }, statsWithFailures(2))).toBe(
      'exit 7: 2 failed requests (--exit-code-on-error 7), threshold p95<5 failed',
    );
    expect(exitLine({ ...clean, exitCodeOnError: 0, workerCrashes: 1 }, statsWithFailures(3))).toBe(
      'exit 1: 1 worker thread crashed, 3 failed requests tolerated (--exit-code-on-error 0)',
    );
    expect(exitLine({ ...clean, stoppedBy: 'SIGINT' }, statsWithFailures(0))).toBe(
      'exit 130: stopped by SIGINT',
    );
  });

  it('fails a run in which no request completed', () => {
    const empty = new RunStats({ startedAt: Date.now() });
    expect(exitCodeOf({ ...clean, exitCodeOnError: 0 }, empty)).toBe(1);
    expect(exitLine(clean, empty)).toBe('exit 1: no request completed');
  });
});

describe('decideExit', () => {
  it('counts a result file not written, without hiding a code that is not 0', () => {
    expect(decideExit(clean, statsWithFailures(0), { unwrittenFiles: 2 })).toEqual({
      code: 1,
      line: 'exit 1: 2 result files not written',
    });
    expect(decideExit({ ...clean, exitCodeOnError: 7 }, statsWithFailures(1), { unwrittenFiles: 1 })).toEqual(
      {
        code: 7,
        line: 'exit 7: 1 failed request (--exit-code-on-error 7), 1 result file not written',
      },
    );
    expect(
      decideExit({ ...clean, stoppedBy: 'SIGTERM' }, statsWithFailures(0), { unwrittenFiles: 1 }).code,
    ).toBe(143);
  });

  it('is 2 when a load shape failed, whatever else happened', () => {
    const modelFailure = new Error('tick() threw: boom');
    expect(decideExit({ ...clean, stoppedBy: 'SIGINT' }, statsWithFailures(3), { modelFailure })).toEqual({
      code: 2,
      line: 'exit 2: the load model failed (tick() threw: boom)',
    });
  });
});

describe('resultsPrefix', () => {
  it('keeps --csv, else makes results/<profile>-<UTC time>/<profile>', () => {
    const at = new Date('2026-11-23T19:45:07.123Z');
    expect(resultsPrefix('out/run1', 'results', 'smoke', at)).toBe('out/run1');
    expect(resultsPrefix(undefined, 'results', 'smoke', at)).toBe('results/smoke-20261123-194507/smoke');
  });
});

describe('the embedded service’s line', () => {
  const usage = { cpuSeconds: 6.2, peakRssBytes: 320 * 2 ** 20, processes: 1 };

  it('gives its CPU and peak memory', () => {
    expect(verdictLines({ ...clean, serviceUsage: usage })).toEqual([
      'embedded service: CPU 6.20 s, peak memory 320 MiB',
    ]);
  });

  it('adds the peak of the child that made the database dump on a machine’s first run', () => {
    const first = { ...usage, dumpMakerPeakRssBytes: 539 * 2 ** 20 };
    expect(verdictLines({ ...clean, serviceUsage: first })).toEqual([
      'embedded service: CPU 6.20 s, peak memory 320 MiB (dump made in a child: peak 539 MiB)',
    ]);
  });
});
