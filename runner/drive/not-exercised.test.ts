import { describe, expect, it } from 'vitest';
import { StatsRecorder } from '../stats/recorder.ts';
import { RunStats } from '../stats/run-stats.ts';
import { invariantLine } from './run-hooks.ts';
import { exitCodeOf, exitLine, runSummary, type Verdict, verdictLines } from './verdict.ts';

const selfCheck = { suspect: false, reasons: [], cores: 2, cpuPeak: 0.1, lagP99PeakMs: 0 };
const idle = { name: 'no-oversell', pass: true, exercised: false, detail: 'no flash sale ran' };
const held = { name: 'payment-consistency', pass: true, detail: '3 orders paid once' };
const verdict: Verdict = {
  stoppedBy: 'duration',
  invariants: [idle, held],
  thresholds: [],
  selfCheck,
  workerCrashes: 0,
  exitCodeOnError: 1,
};

function oneRequest(): RunStats {
  const recorder = new StatsRecorder();
  recorder.request('GET', '/x', 3, 10);
  const stats = new RunStats({ startedAt: 0 });
  stats.merge(recorder.takeSnapshot());
  return stats;
}

describe('an invariant nothing exercised', () => {
  it('says NOT EXERCISED instead of PASS, and is counted apart in the exit line', () => {
    expect(invariantLine(idle)).toBe('invariant no-oversell: NOT EXERCISED (no flash sale ran)');
    expect(invariantLine(held)).toBe('invariant payment-consistency: PASS (3 orders paid once)');
    expect(verdictLines(verdict)).toContain('invariant no-oversell: NOT EXERCISED (no flash sale ran)');
    expect(exitCodeOf(verdict, oneRequest())).toBe(0);
    expect(exitLine(verdict, oneRequest())).toBe(
      'exit 0: no failed requests or exceptions; 1 threshold(s)/invariant(s) passed, 1 invariant(s) not exercised',
    );
  });

  it('does not fail the run even when it says pass: false (pass does not count then)', () => {
    const odd = { ...verdict, invariants: [{ ...idle, pass: false }] };
    expect(exitCodeOf(odd, oneRequest())).toBe(0);
  });

  it('fails the run when the profile requires it: exit 1 naming it', () => {
    const required = { ...verdict, requiredInvariants: ['no-oversell'] };
    expect(exitCodeOf(required, oneRequest())).toBe(1);
    expect(exitLine(required, oneRequest())).toBe('exit 1: required invariant no-oversell not exercised');
    const missing = { ...verdict, requiredInvariants: ['stock-conserved'] };
    expect(exitLine(missing, oneRequest())).toBe('exit 1: required invariant stock-conserved not exercised');
    expect(exitCodeOf({ ...verdict, requiredInvariants: ['payment-consistency'] }, oneRequest())).toBe(0);
  });

  it('is written to summary.json with exercised: false', () => {
    const summary = runSummary(oneRequest(), verdict, {} as never, 0);
    expect(summary.invariants).toEqual([
      { name: 'no-oversell', pass: true, message: 'no flash sale ran', exercised: false },
      { name: 'payment-consistency', pass: true, message: '3 orders paid once' },
    ]);
  });
});
