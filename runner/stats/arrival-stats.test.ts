import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderLocustCsv } from './csv.ts';
import { StatsRecorder } from './recorder.ts';
import { RunStats } from './run-stats.ts';
import { buildSummary } from './summary.ts';

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const start = Date.UTC(2026, 4, 3, 12, 0, 0);
const second = start / 1000;

/** Two threads' arrivals: thread A starts 30 (lag 1…30 ms), thread B starts 10 and drops 5. */
function twoThreads(): RunStats {
  const stats = new RunStats({ startedAt: start });
  const a = new StatsRecorder();
  for (let i = 1; i <= 30; i++) a.arrivalStarted(second + (i <= 20 ? 0 : 1), i);
  a.userCreated();
  a.userCreated();
  const b = new StatsRecorder();
  for (let i = 0; i < 10; i++) b.arrivalStarted(second + 1, 0.5);
  for (let i = 0; i < 5; i++) b.arrivalDropped(second + 2);
  b.userCreated();
  // Actual start times as if A started its journeys over 2 s and B within them.
  const fromA = a.takeSnapshot();
  Object.assign(fromA.arrivals!, { firstStartAt: start, lastStartAt: start + 2000 });
  const fromB = b.takeSnapshot();
  Object.assign(fromB.arrivals!, { firstStartAt: start + 1000, lastStartAt: start + 1900 });
  stats.merge(fromA);
  stats.merge(fromB);
  // Nothing new: no arrivals part in the next snapshot.
  expect(a.takeSnapshot().arrivals).toBeUndefined();
  stats.end(start + 4000);
  return stats;
}

describe('arrival statistics', () => {
  it('adds up started, dropped and users created, by second of intended start', () => {
    const arrivals = twoThreads().arrivals()!;
    expect(arrivals).toMatchObject({ started: 40, dropped: 5, usersCreated: 3, scheduled: 45 });
    expect(arrivals.droppedRatio).toBeCloseTo(5 / 45, 12);
    expect(arrivals.history()).toEqual([
      { timestamp: second, started: 20, dropped: 0 },
      { timestamp: second + 1, started: 20, dropped: 0 },
      { timestamp: second + 2, started: 0, dropped: 5 },
    ]);
    expect(arrivals.max).toBe(30);
    expect(arrivals.min).toBe(0.5);
  });

  it('is absent from a closed-model run', () => {
    const stats = new RunStats({ startedAt: start });
    const recorder = new StatsRecorder();
    recorder.journey('J', 10);
    stats.merge(recorder.takeSnapshot());
    expect(stats.arrivals()).toBeUndefined();
    expect(buildSummary(stats).arrivals).toBeUndefined();
    expect(stats.toRaw().arrivals).toBeUndefined();
    expect(Object.keys(renderLocustCsv(stats))).not.toContain('_arrivals.csv');
  });

  it('survives the raw file and adds shards together exactly', () => {
    const stats = twoThreads();
    const raw = JSON.parse(JSON.stringify(stats.toRaw()));
    const again = RunStats.fromRaw(raw).arrivals()!;
    expect(again.history()).toEqual(stats.arrivals()!.history());
    expect(again.percentiles([50, 99, 100])).toEqual(stats.arrivals()!.percentiles([50, 99, 100]));
    const doubled = RunStats.mergeRaw([raw, raw]).arrivals()!;
    expect(doubled).toMatchObject({ started: 80, dropped: 10, usersCreated: 6 });
    expect(doubled.history()[2]).toEqual({ timestamp: second + 2, started: 0, dropped: 10 });
    expect(doubled.firstStartAt).toBe(start);
    expect(doubled.lastStartAt).toBe(start + 2000);
  });

  it('goes into summary.json (valid against the schema) and _arrivals.csv', async () => {
    const stats = twoThreads();
    const summary = buildSummary(stats);
    expect(summary.arrivals).toMatchObject({
      scheduled: 45,
      started: 40,
      dropped: 5,
      // 40 starts over 2 s: 39 intervals.
      startedPerSecond: 19.5,
      usersCreated: 3,
      startLag: { maxMs: 30, minMs: 0.5 },
    });
    expect(summary.arrivals?.startLag.percentiles.p100).toBe(30);
    const schema = JSON.parse(await readFile(new URL('./summary.schema.json', import.meta.url), 'utf8'));
    const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
    expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
    expect(renderLocustCsv(stats)['_arrivals.csv']).toBe(
      'Timestamp,Scheduled,Started,Dropped\r\n' +
        `${second},20,20,0\r\n${second + 1},20,20,0\r\n${second + 2},5,0,5\r\n`,
    );
  });
});
