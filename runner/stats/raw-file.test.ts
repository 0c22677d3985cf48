import { describe, expect, it } from 'vitest';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';
import { FOLDED_ERROR, MAX_DISTINCT_ERRORS } from './tables.ts';

describe('bounded tables', () => {
  it('keeps at most MAX_DISTINCT_ERRORS distinct failures and exceptions, counting the rest in a folded row', () => {
    const recorder = new StatsRecorder();
    const stats = new RunStats({ startedAt: 0 });
    for (let i = 0; i < MAX_DISTINCT_ERRORS + 100; i++) {
      recorder.request('GET', '/orders/{id}', 1, 0, `HTTP 404: order ${i} not found`);
      recorder.exception(new Error(`unique ${i}`), 'somewhere');
    }
    stats.merge(recorder.takeSnapshot());
    const failures = stats.failures();
    expect(failures).toHaveLength(MAX_DISTINCT_ERRORS + 1);
    expect(failures.reduce((n, f) => n + f.occurrences, 0)).toBe(MAX_DISTINCT_ERRORS + 100);
    expect(failures.find((f) => f.error === FOLDED_ERROR)?.occurrences).toBe(100);
    expect(stats.exceptions()).toHaveLength(MAX_DISTINCT_ERRORS + 1);
    expect(stats.exceptions().reduce((n, x) => n + x.count, 0)).toBe(MAX_DISTINCT_ERRORS + 100);
  });
});
