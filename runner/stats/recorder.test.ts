import { Worker } from 'node:worker_threads';
import { build, encodeIntoCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { exactPercentile, logNormalSamples } from '../testing/stats-samples.ts';
import { renderLocustCsv } from './csv.ts';
import {
  addSparse,
  createMergeHistogram,
  decodeHistogram,
  HISTOGRAM_SETTINGS,
  sparseCounts,
  valuesAtPercentiles,
} from './histogram.ts';
import { StatsRecorder } from './recorder.ts';
import { countsIndex, createRecordingHistogram } from './recording-histogram.ts';
import { RunStats } from './run-stats.ts';
import { PERCENTILES, type StatsSnapshot } from './types.ts';
import { decodePairs, encodePortable } from './v2-encoding.ts';

const START = Date.UTC(2026, 4, 3, 12, 0, 0);
// Built once, so both ways of playing the traffic throw the very same errors (same stack).
const ERRORS = [new Error('boom 0'), new Error('boom 1')];

/** Plays the same traffic into recorders: sample i (global index `from + i`) goes to recorder `pick(index)`. */
function play(
  recorders: StatsRecorder[],
  samples: number[],
  from: number,
  pick: (index: number) => number,
): void {
  const names = ['/orders/{id}', '/products', '/carts/{id}/items'];
  const methods = ['GET', 'GET', 'POST'];
  for (let local = 0; local < samples.length; local++) {
    const i = from + local;
    const r = recorders[pick(i)];
    const k = i % 3;
    const fail = (i * 7919) % 50 === 0 ? `HTTP 500: {"error":"e${i % 4}"}` : undefined;
    r.request(methods[k], names[k], samples[local], 100 + (i % 700), fail);
    if (i % 50 === 0) {
      const interrupted = i % 200 === 0 ? 'confirm' : undefined;
      r.journey(
        'Checkout',
        samples[local] * 10,
        interrupted,
        new Map([[i % 3 === 0 ? 'won' : 'conflict', 1]]),
      );
    }
    if (i % 997 === 0) r.exception(ERRORS[i % 2], 'Checkout.confirm');
    if (i % 1000 === 999) vi.advanceTimersByTime(1000);
  }
}

describe('StatsRecorder and RunStats', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives percentiles within 0.1% of the exact percentiles of 100,000 log-normal samples', () => {
    const samples = logNormalSamples(100_000, 42);
    const recorder = new StatsRecorder();
    for (const ms of samples) recorder.request('GET', '/x', ms, 10);
    const stats = new RunStats({ startedAt: START });
    stats.merge(structuredClone(recorder.takeSnapshot()));
    recorder.close();

    const sorted = [...samples].sort((a, b) => a - b);
    const row = stats.endpoint('GET', '/x')!;
    for (const p of PERCENTILES) {
      const exact = exactPercentile(sorted, p);
      const got = row.percentile(p)!;
      expect(Math.abs(got - exact) / exact, `p${p}: ${got} vs ${exact}`).toBeLessThanOrEqual(0.001);
    }
    expect(row.percentile(100)).toBeCloseTo(sorted[sorted.length - 1], 3);
    expect(row.min).toBeCloseTo(sorted[0], 3);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    expect(row.avg).toBeCloseTo(mean, 3);
    expect(row.count).toBe(100_000);
    expect(stats.aggregated().percentile(99)).toBe(row.percentile(99));
    // The one-pass percentiles agree with HdrHistogram's own getValueAtPercentile.
    expect(valuesAtPercentiles(row.histogram, [0, ...PERCENTILES])).toEqual(
      [0, ...PERCENTILES].map((p) => row.histogram.getValueAtPercentile(p)),
    );
  });

  it('merges 3 recorders (several snapshots each) into exactly what one recorder of all samples gives', () => {
    const samples = logNormalSamples(30_000, 3);
    const three = [new StatsRecorder(), new StatsRecorder(), new StatsRecorder()];
    const merged = new RunStats({ startedAt: START });
    const chunk = 5_000;
    for (let from = 0; from < samples.length; from += chunk) {
      play(three, samples.slice(from, from + chunk), from, (i) => (i * 7) % 3);
      for (const r of three) merged.merge(structuredClone(r.takeSnapshot()));
    }

    vi.setSystemTime(START);
    const one = new StatsRecorder();
    play([one], samples, 0, () => 0);
    const single = new RunStats({ startedAt: START });
    single.merge(one.takeSnapshot());

    for (const s of [merged, single]) s.end(START + 60_000);
    expect(renderLocustCsv(merged)).toEqual(renderLocustCsv(single));
    expect(merged.toRaw()).toEqual(single.toRaw());
    expect(merged.aggregated().count).toBe(30_000);
    expect(merged.journey('Checkout')!.count).toBe(600);
    expect(merged.journey('Checkout')!.interruptsByStep).toEqual({ confirm: 150 });
  });

  it('reads V2 bytes and compressed base64 straight into the same buckets HdrHistogram decodes', () => {
    const micros = logNormalSamples(20_000, 8).map((ms) => Math.round(ms * 1000));
    micros.push(0, 7_200_000_000); // past the initial hour: resized
    const reference = build({ ...HISTOGRAM_SETTINGS, autoResize: true, bitBucketSize: 64 });
    for (const value of micros) reference.recordValue(value);
    const portable = encodeIntoCompressedBase64(reference);
    const expected = sparseCounts(decodeHistogram(portable));
    expect(expected.length).toBeGreaterThan(1000);
    expect(decodePairs(portable)).toEqual(expected);
    for (const compact of [false, true]) {
      const histogram = createRecordingHistogram(compact);
      for (const value of micros) histogram.recordValue(value);
      expect(decodePairs(histogram.encode())).toEqual(expected);
      // hdr-histogram-js's own decoder reads the recording threads' bytes alike.
      expect(sparseCounts(decodeHistogram(histogram.encode()))).toEqual(expected);
    }
  });

  it("puts every value in HdrHistogram's bucket for the runner's settings", () => {
    const reference = build({ ...HISTOGRAM_SETTINGS, autoResize: true, bitBucketSize: 64 });
    reference.recordValue(1e13); // every index below in range
    const values = [
      0,
      1,
      2047,
      2048,
      2049,
      4095,
      4096,
      1_000_000,
      2 ** 31,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 40 + 3,
    ];
    for (let v = 1; v < 1e13; v = Math.ceil(v * 1.37)) values.push(v, v + 1);
    for (const value of values)
      expect(countsIndex(value), `${value}`).toBe((reference as JsHistogram).countsArrayIndex(value));
  });

  it('empties a recording histogram on reset, dense or compact, and records again from nothing', () => {
    for (const compact of [false, true]) {
      const histogram = createRecordingHistogram(compact);
      for (const value of [5, 5_000, 50_000_000]) histogram.recordValue(value);
      histogram.reset();
      expect(decodePairs(histogram.encode())).toEqual([]);
      histogram.recordValue(7);
      expect(decodePairs(histogram.encode())).toEqual([7, 1]);
    }
  });

  it("writes the portable form byte for byte as hdr-histogram-js's own encoder does", () => {
    const samples = [[], [0], [1, 1, 2], logNormalSamples(20_000, 8).map((ms) => Math.round(ms * 1000))];
    for (const values of samples) {
      const recorded = createRecordingHistogram();
      for (const micros of values) recorded.recordValue(micros);
      if (values.length > 0) recorded.recordValue(7_200_000_000); // resized past the initial hour
      const merged = createMergeHistogram();
      addSparse(merged, decodePairs(recorded.encode()));
      const portable = encodePortable(merged);
      expect(portable).toBe(encodeIntoCompressedBase64(merged));
      expect(sparseCounts(decodeHistogram(portable))).toEqual(sparseCounts(merged));
      expect(decodePairs(portable)).toEqual(sparseCounts(merged));
    }
  });

  it('sends only what changed since the last snapshot, and resets', () => {
    const recorder = new StatsRecorder();
    recorder.request('GET', '/a', 5, 1);
    recorder.request('GET', '/b', 6, 1, 'ECONNRESET');
    const first = recorder.takeSnapshot();
    expect(first.endpoints.map((e) => e.name)).toEqual(['/a', '/b']);
    expect(first.failures).toEqual([
      {
        method: 'GET',
        name: '/b',
        error: 'ECONNRESET',
        occurrences: 1,
        firstSeen: START / 1000,
        lastSeen: START / 1000,
      },
    ]);
    recorder.request('GET', '/b', 7, 1);
    const second = recorder.takeSnapshot();
    expect(second.endpoints.map((e) => [e.name, e.count, e.failures, e.minMicros])).toEqual([
      ['/b', 1, 0, 7000],
    ]);
    expect(second.failures).toEqual([]);
    expect(recorder.takeSnapshot().endpoints).toEqual([]);
  });

  it('counts journeys, interrupts by step and outcomes; times only completed journeys', () => {
    const recorder = new StatsRecorder();
    recorder.journey('FlashSale', 100, undefined, new Map([['won', 1]]));
    recorder.journey('FlashSale', 300, undefined, new Map([['won', 1]]));
    recorder.journey('FlashSale', 20, 'reserve', new Map([['sold_out', 1]]));
    recorder.journey('FlashSale', 25, 'reserve');
    recorder.journey('FlashSale', 30, 'pay');
    const stats = new RunStats({ startedAt: START });
    stats.merge(recorder.takeSnapshot());
    const j = stats.journey('FlashSale')!;
    expect([j.count, j.completed, j.interrupts, j.interruptRatio]).toEqual([5, 2, 3, 0.6]);
    expect(j.interruptsByStep).toEqual({ reserve: 2, pay: 1 });
    expect(j.outcomes).toEqual({ won: 2, sold_out: 1 });
    expect(j.topInterruptStep).toBe('reserve');
    expect([j.min, j.max, j.avg]).toEqual([100, 300, 200]);
    expect(j.percentile(100)).toBe(300);
  });

  it('counts steps and outcomes named like Object.prototype members as plain names', () => {
    const recorder = new StatsRecorder();
    recorder.journey('Odd', 10, 'constructor', new Map([['toString', 2]]));
    recorder.journey('Odd', 10, 'constructor', new Map([['__proto__', 1]]));
    const stats = new RunStats({ startedAt: START });
    stats.merge(structuredClone(recorder.takeSnapshot()));
    const j = stats.journey('Odd')!;
    expect(j.interruptsByStep.constructor).toBe(2);
    expect(j.outcomes.toString).toBe(2);
    expect(Object.entries(j.outcomes)).toEqual([
      ['toString', 2],
      ['__proto__', 1],
    ]);
  });

  it("records in a worker thread and merges on the main thread: the snapshot decodes to HdrHistogram's counts", async () => {
    const worker = new Worker(new URL('../testing/recorder-worker.ts', import.meta.url), {
      workerData: { count: 20_000, seed: 11 },
    });
    const { snapshot } = await new Promise<{ snapshot: StatsSnapshot }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const reference = build({ ...HISTOGRAM_SETTINGS, autoResize: true, bitBucketSize: 64 });
    for (const ms of logNormalSamples(20_000, 11)) reference.recordValue(Math.round(ms * 1000));
    expect(decodePairs(snapshot.endpoints[0].histogram)).toEqual(sparseCounts(reference as JsHistogram));

    const local = new StatsRecorder();
    for (const ms of logNormalSamples(20_000, 11)) local.request('GET', '/w', ms, 1);
    const a = new RunStats({ startedAt: START });
    a.merge(snapshot);
    const b = new RunStats({ startedAt: START });
    b.merge(local.takeSnapshot());
    for (const p of PERCENTILES) expect(a.aggregated().percentile(p)).toBe(b.aggregated().percentile(p));
    expect(a.aggregated().count).toBe(20_000);
  });
});
