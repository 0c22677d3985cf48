import { describe, expect, it } from 'vitest';
import { EndpointStats } from './entries.ts';
import { createMergeHistogram, sparseCounts, valuesAtPercentiles } from './histogram.ts';

const PS = [0, 50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100];

/** Adds `times` (µs) to a row in snapshots of `batch`, and returns the same times in a dense histogram. */
function fill(entry: EndpointStats, times: number[], batch: number) {
  const dense = createMergeHistogram();
  for (let start = 0; start < times.length; start += batch) {
    const part = times.slice(start, start + batch);
    const h = createMergeHistogram();
    for (const t of part) h.recordValue(t);
    const sum = part.reduce((a, b) => a + b, 0);
    entry.add(
      {
        count: part.length,
        failures: 0,
        sumMicros: sum,
        minMicros: Math.min(...part),
        maxMicros: Math.max(...part),
        contentLength: 0,
      },
      sparseCounts(h),
    );
    for (const t of part) dense.recordValue(t);
  }
  return dense;
}

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe('a statistics row', () => {
  it('with few distinct times gives the same percentiles from its short list as a full histogram', () => {
    const entry = new EndpointStats('GET', '/x', () => 1);
    const times = Array.from({ length: 300 }, () => 1000 + Math.floor(random() * 200) * 37);
    const dense = fill(entry, times, 17);
    const expected = valuesAtPercentiles(dense, PS).map((v) => entry.clampMicros(v) / 1000);
    expect(entry.percentiles(PS)).toEqual(expected);
    expect(entry.histogram.totalCount).toBe(300);
  });

  it('past 256 distinct buckets takes a full histogram, and percentiles stay the same', () => {
    const entry = new EndpointStats('GET', '/x', () => 1);
    const times = Array.from({ length: 5000 }, () => 500 + Math.floor(random() ** 2 * 3_000_000));
    const dense = fill(entry, times, 250);
    const expected = valuesAtPercentiles(dense, PS).map((v) => entry.clampMicros(v) / 1000);
    expect(entry.percentiles(PS)).toEqual(expected);
    expect(entry.count).toBe(5000);
    expect(sparseCounts(entry.histogram)).toEqual(sparseCounts(dense));
  });
});
