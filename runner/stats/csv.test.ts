import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logNormalSamples } from '../testing/stats-samples.ts';
import {
  EXCEPTIONS_CSV_COLUMNS,
  FAILURES_CSV_COLUMNS,
  HISTORY_CSV_COLUMNS,
  JOURNEYS_CSV_COLUMNS,
  renderLocustCsv,
  STATS_CSV_COLUMNS,
} from './csv.ts';
import { csvLine, decimals } from './csv-format.ts';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';
import type { RawStats } from './types.ts';

const START = Date.UTC(2026, 4, 3, 12, 0, 0);
const PCT = ['50%', '66%', '75%', '80%', '90%', '95%', '98%', '99%', '99.9%', '99.99%', '100%'];

function lines(text: string): string[] {
  return text.split('\r\n').slice(0, -1);
}

/** A short run: two endpoints, a journey, failures and an exception, ticked every second for `seconds`. */
function sampleRun(options: { fullHistory?: boolean; seconds?: number; threads?: number } = {}): RunStats {
  vi.setSystemTime(START);
  const stats = new RunStats({ startedAt: START, fullHistory: options.fullHistory });
  const recorders = Array.from({ length: options.threads ?? 1 }, () => new StatsRecorder());
  const samples = logNormalSamples(6_000, 5);
  const seconds = options.seconds ?? 3;
  let i = 0;
  for (let s = 1; s <= seconds; s++) {
    for (let n = 0; n < 2_000; n++, i++) {
      const r = recorders[i % recorders.length];
      r.request('GET', '/products', samples[i % samples.length], 1_000);
      if (n % 4 === 0)
        r.request(
          'POST',
          '/orders',
          samples[(i * 3) % samples.length] * 2,
          40,
          n % 40 === 0 ? 'HTTP 409: {"error":"conflict"}' : undefined,
        );
      if (n % 100 === 0)
        r.journey('Checkout', 800 + n, n % 300 === 0 ? 'confirm' : undefined, new Map([['won', 1]]), 100);
    }
    if (s === 2) recorders[0].exception(new TypeError('cannot read id'), 'Checkout.confirm');
    vi.setSystemTime(START + s * 1000);
    for (const r of recorders) stats.merge(structuredClone(r.takeSnapshot()));
    stats.tick(START + s * 1000, 10 * s);
  }
  stats.end(START + seconds * 1000);
  return stats;
}

describe('Locust CSV files', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("have exactly Locust 2.46's headers, column by column", () => {
    // Written from locust/stats.py (StatsCSV.requests_csv_columns, failures_columns with
    // First/Last Seen added by locust PR #3403, exceptions_columns, StatsCSVFileWriter.stats_history_csv_columns).
    const locustStats = [
      'Type',
      'Name',
      'Request Count',
      'Failure Count',
      'Median Response Time',
      'Average Response Time',
      'Min Response Time',
      'Max Response Time',
      'Average Content Size',
      'Requests/s',
      'Failures/s',
      ...PCT,
    ];
    const locustHistory = [
      'Timestamp',
      'User Count',
      'Type',
      'Name',
      'Requests/s',
      'Failures/s',
      ...PCT,
      'Total Request Count',
      'Total Failure Count',
      'Total Median Response Time',
      'Total Average Response Time',
      'Total Min Response Time',
      'Total Max Response Time',
      'Total Average Content Size',
    ];
    const locustFailures = ['Method', 'Name', 'Error', 'Occurrences', 'First Seen', 'Last Seen'];
    const locustExceptions = ['Count', 'Message', 'Traceback', 'Nodes'];
    expect(STATS_CSV_COLUMNS).toEqual(locustStats);
    expect(HISTORY_CSV_COLUMNS).toEqual(locustHistory);
    expect(FAILURES_CSV_COLUMNS).toEqual(locustFailures);
    expect(EXCEPTIONS_CSV_COLUMNS).toEqual(locustExceptions);

    const files = renderLocustCsv(sampleRun());
    expect(lines(files['_stats.csv'])[0]).toBe(locustStats.join(','));
    expect(lines(files['_stats_history.csv'])[0]).toBe(locustHistory.join(','));
    expect(lines(files['_failures.csv'])[0]).toBe(locustFailures.join(','));
    expect(lines(files['_exceptions.csv'])[0]).toBe(locustExceptions.join(','));
    expect(lines(files['_journeys.csv'])[0]).toBe(JOURNEYS_CSV_COLUMNS.join(','));
  });

  it('writes rows sorted by name then method, an Aggregated row with empty Type, ms with 2 decimals', () => {
    const stats = sampleRun();
    const rows = lines(renderLocustCsv(stats)['_stats.csv'])
      .slice(1)
      .map((l) => l.split(','));
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['POST', '/orders'],
      ['GET', '/products'],
      ['', 'Aggregated'],
    ]);
    const products = stats.endpoint('GET', '/products')!;
    expect(rows[1].slice(2, 11)).toEqual([
      '6000',
      '0',
      decimals(products.median),
      decimals(products.avg),
      decimals(products.min),
      decimals(products.max),
      '1000',
      '2000',
      '0',
    ]);
    expect(rows[0][3]).toBe('150');
    expect(rows[2][2]).toBe('7500');
    for (const value of rows[2].slice(4, 9)) expect(value).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(rows[1]).toHaveLength(STATS_CSV_COLUMNS.length);
  });

  it('writes N/A percentiles for rows with no requests', () => {
    const stats = new RunStats({ startedAt: START });
    const recorder = new StatsRecorder();
    recorder.journey('NeverCompletes', 50, 'first-step');
    stats.merge(recorder.takeSnapshot());
    stats.tick(START + 1000, 0);
    const files = renderLocustCsv(stats);
    expect(lines(files['_stats.csv'])[1]).toBe(
      `,Aggregated,0,0,0,0,0,0,0,0,0,${PCT.map(() => 'N/A').join(',')}`,
    );
    expect(lines(files['_journeys.csv'])[1]).toBe(
      `NeverCompletes,1,0,1,1,0,0,0,0,${PCT.map(() => 'N/A').join(',')},0,,first-step`,
    );
    expect(lines(files['_stats_history.csv'])[1]).toBe(
      `${(START + 1000) / 1000},0,,Aggregated,0,0,${PCT.map(() => 'N/A').join(',')},0,0,0,0,0,0,0`,
    );
  });

  it('quotes names and errors with commas, quotes and line breaks as Python csv does', () => {
    expect(csvLine(['GET', '/search?q="a,b"', 'plain', 'two\nlines', 3])).toBe(
      'GET,"/search?q=""a,b""",plain,"two\nlines",3\r\n',
    );
    const recorder = new StatsRecorder();
    recorder.request('GET', '/search?q="a,b"', 10, 5, 'HTTP 500: {"error":"x, y"}');
    const stats = new RunStats({ startedAt: START });
    stats.merge(recorder.takeSnapshot());
    const files = renderLocustCsv(stats);
    expect(lines(files['_stats.csv'])[1].startsWith('GET,"/search?q=""a,b""",1,1,')).toBe(true);
    expect(lines(files['_failures.csv'])[1]).toBe(
      'GET,"/search?q=""a,b""","HTTP 500: {""error"":""x, y""}",1,2026-05-03T12:00:00Z,2026-05-03T12:00:00Z',
    );
  });

  it('writes failures with occurrences and first/last seen, and exceptions with count, traceback and nodes', () => {
    const files = renderLocustCsv(sampleRun());
    expect(lines(files['_failures.csv']).slice(1)).toEqual([
      'POST,/orders,"HTTP 409: {""error"":""conflict""}",150,2026-05-03T12:00:00Z,2026-05-03T12:00:02Z',
    ]);
    const exceptions = files['_exceptions.csv'];
    expect(
      exceptions.startsWith(
        'Count,Message,Traceback,Nodes\r\n1,TypeError: cannot read id,"TypeError: cannot read id\n',
      ),
    ).toBe(true);
    expect(exceptions.endsWith('",Checkout.confirm\r\n')).toBe(true);
  });

  it('writes the journeys file: counts, interrupts, durations, outcomes and the top interrupting step', () => {
    const [header, row] = lines(renderLocustCsv(sampleRun())['_journeys.csv']);
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
    expect(cells).toMatchObject({
      Journey: 'Checkout',
      Count: '60',
      Completed: '39',
      Interrupts: '21',
      'Interrupt Ratio': '0.35',
      'Min Duration': '900',
      'Max Duration': '2700',
      '100%': '2700',
      // Each completed journey spent 100 ms in its steps, the rest thinking between them.
      'Average Active Time': '100',
      Outcomes: 'won=60',
      'Top Interrupting Step': 'confirm',
    });
  });

  it('keeps only the Aggregated row per second in the history unless fullHistory', () => {
    const plain = lines(renderLocustCsv(sampleRun({ seconds: 4 }))['_stats_history.csv']).slice(1);
    expect(plain).toHaveLength(4);
    expect(plain.every((l) => l.split(',')[3] === 'Aggregated')).toBe(true);
    expect(plain.map((l) => l.split(',').slice(0, 2))).toEqual([
      [String(START / 1000 + 1), '10'],
      [String(START / 1000 + 2), '20'],
      [String(START / 1000 + 3), '30'],
      [String(START / 1000 + 4), '40'],
    ]);
    expect(plain[3].split(',')[4]).toBe('2500');

    const full = lines(
      renderLocustCsv(sampleRun({ seconds: 4, fullHistory: true }))['_stats_history.csv'],
    ).slice(1);
    expect(full.map((l) => l.split(',').slice(2, 4).join(' '))).toEqual(
      Array.from({ length: 4 }, () => ['POST /orders', 'GET /products', ' Aggregated']).flat(),
    );
  });

  it('writes one row per second: a later tick in the same second replaces its rows', () => {
    const stats = new RunStats({ startedAt: START, fullHistory: true });
    const recorder = new StatsRecorder();
    recorder.request('GET', '/a', 5, 1);
    stats.merge(recorder.takeSnapshot());
    stats.tick(START + 1000, 1);
    recorder.request('GET', '/a', 7, 1);
    stats.merge(recorder.takeSnapshot());
    stats.tick(START + 1600, 2);
    expect(stats.history().map((r) => [r.timestamp, r.name, r.userCount, r.totalRequests])).toEqual([
      [START / 1000 + 1, '/a', 2, 2],
      [START / 1000 + 1, 'Aggregated', 2, 2],
    ]);
  });

  it('shows current percentiles over the last ~10 seconds only', () => {
    const stats = new RunStats({ startedAt: START });
    const recorder = new StatsRecorder();
    for (let n = 0; n < 100; n++) recorder.request('GET', '/slow-then-fast', 1_000, 1);
    stats.merge(recorder.takeSnapshot());
    stats.tick(START + 1000, 1);
    for (let s = 2; s <= 12; s++) {
      for (let n = 0; n < 100; n++) recorder.request('GET', '/slow-then-fast', 10, 1);
      stats.merge(recorder.takeSnapshot());
      stats.tick(START + s * 1000, 1);
    }
    const rows = stats.history();
    expect(rows[0].percentiles.at(-1)).toBe(1000);
    expect(rows[9].percentiles.at(-1)).toBe(1000);
    // The slow second has left the window: only the 10 ms requests of seconds 2–11 remain.
    expect(rows[10].percentiles.at(-1)).toBe(10);
    expect(rows[10].percentiles[0]).toBeCloseTo(10, 1);
    expect(rows[10].requestsPerSecond).toBe(100);
    expect(rows[10].totalMax).toBe(1000);
  });

  it('rebuilds identical files from toRaw() after a JSON round trip', () => {
    for (const fullHistory of [false, true]) {
      const stats = sampleRun({ fullHistory, threads: 2 });
      const raw = JSON.parse(JSON.stringify(stats.toRaw())) as RawStats;
      expect(renderLocustCsv(RunStats.fromRaw(raw))).toEqual(renderLocustCsv(stats));
    }
  });

  it('merges shards (mergeRaw) into the same whole-run files as one process', () => {
    const one = sampleRun({ threads: 3 });
    const shards: RawStats[] = [0, 1, 2].map((k) => {
      vi.setSystemTime(START);
      const stats = new RunStats({ startedAt: START });
      const recorder = new StatsRecorder();
      const samples = logNormalSamples(6_000, 5);
      let i = 0;
      for (let s = 1; s <= 3; s++) {
        for (let n = 0; n < 2_000; n++, i++) {
          if (i % 3 !== k) continue;
          recorder.request('GET', '/products', samples[i % samples.length], 1_000);
          if (n % 4 === 0) {
            const error = n % 40 === 0 ? 'HTTP 409: {"error":"conflict"}' : undefined;
            recorder.request('POST', '/orders', samples[(i * 3) % samples.length] * 2, 40, error);
          }
          if (n % 100 === 0)
            recorder.journey(
              'Checkout',
              800 + n,
              n % 300 === 0 ? 'confirm' : undefined,
              new Map([['won', 1]]),
              100,
            );
        }
        if (s === 2 && k === 0) recorder.exception(new TypeError('cannot read id'), 'Checkout.confirm');
        vi.setSystemTime(START + s * 1000);
        stats.merge(recorder.takeSnapshot());
        stats.tick(START + s * 1000, 10 * s);
      }
      stats.end(START + 3000);
      return stats.toRaw();
    });
    vi.setSystemTime(START);
    const merged = RunStats.mergeRaw(shards);
    const a = renderLocustCsv(merged);
    const b = renderLocustCsv(one);
    for (const file of ['_stats.csv', '_failures.csv', '_journeys.csv']) expect(a[file]).toBe(b[file]);
    expect(a['_exceptions.csv'].split('\r\n')[1].slice(0, 40)).toBe(
      b['_exceptions.csv'].split('\r\n')[1].slice(0, 40),
    );
    const history = merged.history();
    expect(history.map((r) => [r.timestamp, r.userCount, r.totalRequests])).toEqual([
      [START / 1000 + 1, 30, 2500],
      [START / 1000 + 2, 60, 5000],
      [START / 1000 + 3, 90, 7500],
    ]);
  });
});
