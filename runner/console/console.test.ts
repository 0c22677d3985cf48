import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EndpointSummary, RequestSummary } from '../stats/summary.ts';
import { LiveConsole } from './live.ts';
import { progressLine } from './progress-line.ts';
import { summaryTable } from './summary-table.ts';
import type { LiveView } from './view.ts';

const percentiles = {
  p50: 3.2,
  p66: 4,
  p75: 5,
  p80: 6,
  p90: 9,
  p95: 12.3,
  p98: 20,
  p99: 30,
  'p99.9': 100,
  'p99.99': 150,
  p100: 150.4,
};

const totals = (requests: number, failures: number): RequestSummary => ({
  requests,
  failures,
  failRatio: failures / requests,
  rps: 19.5,
  failuresPerSecond: failures / 12,
  medianMs: 3.2,
  avgMs: 4.5,
  minMs: 1,
  maxMs: 150.4,
  avgContentSize: 11,
  percentiles,
});
const endpoint = (name: string, requests: number, failures: number): EndpointSummary => ({
  method: 'GET',
  name,
  ...totals(requests, failures),
});

const view: LiveView = {
  elapsedSeconds: 12.4,
  durationSeconds: 60,
  users: 5,
  targetUsers: 5,
  endpoints: [endpoint('/a', 200, 0), endpoint('/b', 34, 2)],
  totals: totals(234, 2),
};

describe('console', () => {
  it('prints a plain progress line', () => {
    expect(progressLine(view)).toBe('[00:12/01:00] users 5/5 · 234 reqs · 19.5 rps · 2 fails · p95 12.3 ms');
  });

  it('writes progress lines every few seconds when stdout is not a terminal', () => {
    const out = new PassThrough();
    const live = new LiveConsole(out, { tty: false, progressEverySeconds: 5 });
    for (const elapsedSeconds of [1, 2, 5, 6, 10]) live.update({ ...view, elapsedSeconds });
    live.warn('runner CPU above 90%');
    expect(String(out.read()).trim().split('\n')).toEqual([
      '[00:05/01:00] users 5/5 · 234 reqs · 19.5 rps · 2 fails · p95 12.3 ms',
      '[00:10/01:00] users 5/5 · 234 reqs · 19.5 rps · 2 fails · p95 12.3 ms',
      'warning: runner CPU above 90%',
    ]);
  });

  it('says when an update would show nothing, so no view need be built', () => {
    const log = new LiveConsole(new PassThrough(), { tty: false, progressEverySeconds: 5 });
    expect([1, 5].map((seconds) => log.wouldShow(seconds))).toEqual([false, true]);
    log.update({ ...view, elapsedSeconds: 5 });
    expect([6, 10].map((seconds) => log.wouldShow(seconds))).toEqual([false, true]);
    const terminal = new LiveConsole(new PassThrough(), { tty: true });
    expect(terminal.wouldShow(1)).toBe(true);
    const summaryOnly = new LiveConsole(new PassThrough(), { tty: true, onlySummary: true });
    expect(summaryOnly.wouldShow(10)).toBe(false);
  });

  it('redraws the live table in place in a terminal', () => {
    const out = new PassThrough();
    const live = new LiveConsole(out, { tty: true });
    live.update(view);
    live.update(view);
    const text = String(out.read());
    expect(text).toContain('GET /a');
    expect(text).toContain(`${String.fromCharCode(27)}[`);
    expect(text.split('\u001b[J')).toHaveLength(3);
  });

  it('lays out the final summary like Locust', () => {
    const lines = summaryTable({
      endpoints: view.endpoints as EndpointSummary[],
      totals: { ...view.totals, journeys: 10, journeysCompleted: 9, journeysInterrupted: 1 },
      journeys: [
        {
          name: 'Browse',
          count: 10,
          completed: 9,
          interrupts: 1,
          interruptRatio: 0.1,
          rps: 1,
          medianMs: 40,
          avgMs: 41,
          minMs: 30,
          maxMs: 90,
          percentiles: { ...percentiles, p50: 40, p95: 80 },
          avgActiveMs: 35,
          outcomes: { won: 3 },
          interruptsByStep: { item: 1 },
          topInterruptStep: 'item',
        },
      ],
      failures: [
        {
          method: 'GET',
          name: '/b',
          error: 'HTTP 500',
          occurrences: 2,
          firstSeen: '2026-11-23T19:00:00Z',
          lastSeen: '2026-11-23T19:00:01Z',
        },
      ],
    });
    expect(lines[0]).toMatch(
      /^Type +Name +\| +# reqs +# fails \| +Avg +Min +Max +Med \| +req\/s +failures\/s$/,
    );
    expect(lines).toContain('      Aggregated |    234  2(0.85%) | 4.5    1  150  3.2 | 19.50        0.17');
    expect(lines).toContain(
      '      Aggregated | 3.2    4    5    6    9  12.3   20   30    100     150   150 |    234',
    );
    expect(lines.some((line) => /^Browse +\| +10 +1\(10\.00%\) \| +40 +80 +35 \| won 3$/.test(line))).toBe(
      true,
    );
    expect(lines.at(-1)).toBe('            2 | GET /b: HTTP 500');
  });

  it('shows the open model: the target rate live, arrivals and start lag at the end', () => {
    expect(progressLine({ ...view, users: 6, targetUsers: 200, arrivalRate: 20 })).toBe(
      '[00:12/01:00] users 6/200 · 20.00/s arriving · 234 reqs · 19.5 rps · 2 fails · p95 12.3 ms',
    );
    const lines = summaryTable({
      endpoints: [],
      totals: { ...view.totals, journeys: 0, journeysCompleted: 0, journeysInterrupted: 0 },
      journeys: [],
      failures: [],
      arrivals: {
        scheduled: 60,
        started: 57,
        dropped: 3,
        droppedRatio: 0.05,
        startedPerSecond: 19.9,
        usersCreated: 7,
        startLag: { medianMs: 0.8, avgMs: 1, minMs: 0.1, maxMs: 31.9, percentiles },
      },
    });
    expect(lines).toContain(
      'Arrivals (open model): 60 due · 57 started · 3(5.00%) dropped (no free user) · 19.90 started/s · users created 7',
    );
    expect(lines).toContain(
      'intended → actual start | 3.2    4    5    6    9  12.3   20   30    100     150   150',
    );
  });

  it('clips any long cell (a race journey’s dozens of outcomes, a long error) and says where the full text is', () => {
    const outcomes = Object.fromEntries(
      Array.from({ length: 40 }, (_, wave) => [
        `wave ${String(wave + 1).padStart(2, '0')} insufficient-stock`,
        9,
      ]),
    );
    const error = `HTTP 500: ${'x'.repeat(200)}`;
    const lines = summaryTable({
      endpoints: view.endpoints as EndpointSummary[],
      totals: { ...view.totals, journeys: 10, journeysCompleted: 10, journeysInterrupted: 0 },
      journeys: [
        {
          name: 'FlashSaleStampede',
          count: 10,
          completed: 10,
          interrupts: 0,
          interruptRatio: 0,
          rps: 1,
          medianMs: 40,
          avgMs: 41,
          minMs: 30,
          maxMs: 90,
          percentiles,
          avgActiveMs: 35,
          outcomes,
          interruptsByStep: {},
          topInterruptStep: undefined,
        },
      ],
      failures: [
        {
          method: 'GET',
          name: '/b',
          error,
          occurrences: 2,
          firstSeen: '2026-11-23T19:00:00Z',
          lastSeen: '2026-11-23T19:00:01Z',
        },
      ],
    } as never);
    const journey = lines.find((line) => line.startsWith('FlashSaleStampede'));
    expect(journey).toMatch(/\| wave 01 insufficient-stock 9, wave 02 insufficient-stock 9,…$/);
    expect(lines).toContain('(outcomes cut to 60 characters: every one is in _journeys.csv and the report)');
    expect(lines).toContain(
      '(errors cut to 80 characters: the full text is in _failures.csv and the report)',
    );
    // No line of the summary grows with the data: the widest is the percentile table's.
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(160);
  });
});
