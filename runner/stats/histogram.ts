/**
 * The main thread's histograms: the long-lived ones that sum every thread's snapshots, their
 * sparse bucket lists and their percentiles. Plain JavaScript only — recording threads build
 * theirs in recording-histogram.ts.
 */
import { createRequire } from 'node:module';
import type { Float64Histogram, JsHistogram } from 'hdr-histogram-js';

/**
 * Every histogram of the runner records integer microseconds with 3 significant digits, so
 * any two of them share one bucket layout and merge without loss. One hour is only the
 * initial range: histograms grow (auto-resize) for anything longer.
 */
export const HISTOGRAM_SETTINGS = {
  lowestDiscernibleValue: 1,
  highestTrackableValue: 3_600_000_000,
  numberOfSignificantValueDigits: 3,
} as const;

/**
 * A histogram as it crosses a thread or lands in a file: HdrHistogram's V2 encoding, either
 * the raw bytes (what a recording thread sends, no compression to pay) or compressed base64
 * (the portable, JSON-friendly form other HdrHistogram tools read too).
 */
export type EncodedHistogram = Uint8Array | string;

type HdrHistogramIndex = typeof import('hdr-histogram-js');
const require = createRequire(import.meta.url);

let float64: typeof Float64Histogram | undefined;

/**
 * hdr-histogram-js's 64-bit JavaScript histogram from its own file: 10 modules, ~6 ms of CPU,
 * where the package's index loads 46 (~55 ms: the WebAssembly build, pako, base64-js) that
 * the runner does not use. The package has no exports map, so the file is reachable; a
 * release that moves it falls back to the index.
 */
function float64Histogram(): typeof Float64Histogram {
  if (float64) return float64;
  try {
    const own = (
      require('hdr-histogram-js/dist/Float64Histogram.js') as { default?: typeof Float64Histogram }
    ).default;
    if (typeof own === 'function') float64 = own;
  } catch {
    // Moved or renamed: the index below.
  }
  float64 ??= (require('hdr-histogram-js') as HdrHistogramIndex).Float64Histogram;
  return float64;
}

/** A JavaScript histogram of the runner's layout, 64-bit counts, growing past its initial range. */
function createFloat64Histogram(highestTrackableValue: number): JsHistogram {
  const Histogram = float64Histogram();
  const histogram = new Histogram(
    HISTOGRAM_SETTINGS.lowestDiscernibleValue,
    highestTrackableValue,
    HISTOGRAM_SETTINGS.numberOfSignificantValueDigits,
  );
  histogram.autoResize = true;
  return histogram;
}

/**
 * A long-lived histogram that sums many snapshots (64-bit counts: a long run can pass 2^31 in one bucket).
 * @example const merged = createMergeHistogram(); addSparse(merged, decodePairs(snapshot.histogram));
 */
export function createMergeHistogram(): JsHistogram {
  return createFloat64Histogram(HISTOGRAM_SETTINGS.highestTrackableValue);
}

type Decoder = (data: Uint8Array, bitBucketSize?: 64) => JsHistogram;

/**
 * Decodes either encoding into a plain JavaScript histogram, with hdr-histogram-js's own
 * decoder (loaded at the first call): for histograms of another layout than ours, which
 * `decodePairs` cannot read as bucket pairs.
 * @example const histogram = decodeHistogram(raw.endpoints[0].histogram);
 */
export function decodeHistogram(encoded: EncodedHistogram): JsHistogram {
  const hdr = require('hdr-histogram-js') as HdrHistogramIndex;
  if (typeof encoded === 'string') return hdr.decodeFromCompressedBase64(encoded, 64) as JsHistogram;
  return (hdr.JsHistogram as unknown as { decode: Decoder }).decode(encoded, 64);
}

/**
 * The non-zero buckets of a histogram as `[countsIndex, count, …]`, ascending. All our
 * histograms share one bucket layout, so these pairs add to (or subtract from) any of them exactly.
 */
export function sparseCounts(histogram: JsHistogram): number[] {
  const pairs: number[] = [];
  if (histogram.totalCount === 0) return pairs;
  const last = Math.min(histogram.countsArrayIndex(histogram.maxValue), histogram.countsArrayLength - 1);
  for (let index = 0; index <= last; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count !== 0) pairs.push(index, count);
  }
  return pairs;
}

/**
 * Adds `sign * count` for each ascending `[countsIndex, count]` pair (sign -1 removes pairs
 * added before, as the window of recent seconds does).
 */
export function addSparse(histogram: JsHistogram, pairs: readonly number[], sign: 1 | -1 = 1): void {
  if (pairs.length === 0) return;
  const lastIndex = pairs[pairs.length - 2];
  if (sign === 1 && lastIndex >= histogram.countsArrayLength)
    histogram.resize(histogram.valueFromIndex(lastIndex));
  let total = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const count = pairs[i + 1];
    histogram.addToCountAtIndex(pairs[i], sign * count);
    total += count;
  }
  histogram.setTotalCount(histogram.totalCount + sign * total);
  if (sign === 1) {
    // Keep HdrHistogram's extremes as recording would (its encoder stops at the max's bucket).
    const firstNonZero = pairs[0] > 0 ? pairs[0] : pairs[2];
    if (firstNonZero !== undefined) histogram.updateMinAndMax(histogram.valueFromIndex(firstNonZero));
    histogram.updateMinAndMax(histogram.valueFromIndex(lastIndex));
  }
}

/** One unit in the last place of x, as HdrHistogram computes it. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(x)) - 52);
}

/**
 * The values (µs) at ascending percentiles `ps` (0–100), in one pass over the buckets. Same
 * definition as HdrHistogram's `getValueAtPercentile` (nearest rank; the highest value
 * equivalent to the recorded one, so at most 0.1% above it); 0 for an empty histogram.
 */
export function valuesAtPercentiles(histogram: JsHistogram, ps: readonly number[]): number[] {
  const values = ps.map(() => 0);
  const total = histogram.totalCount;
  if (total === 0) return values;
  const targets = ps.map((p) => {
    const fp = (Math.min(p, 100) / 100) * total;
    return Math.max(Math.ceil(fp - ulp(fp)), 1);
  });
  let k = 0;
  let cumulative = 0;
  const length = histogram.countsArrayLength;
  for (let index = 0; index < length && k < ps.length; index++) {
    cumulative += histogram.getCountAtIndex(index);
    while (k < ps.length && cumulative >= targets[k]) {
      const value = histogram.valueFromIndex(index);
      values[k] =
        ps[k] === 0 ? histogram.lowestEquivalentValue(value) : histogram.highestEquivalentValue(value);
      k++;
    }
  }
  return values;
}

// Index arithmetic only (never recorded to): every histogram of the runner shares this layout.
let layout: JsHistogram | undefined;
function layoutHistogram(): JsHistogram {
  layout ??= createFloat64Histogram(4096);
  return layout;
}

/**
 * `valuesAtPercentiles` for a histogram kept as ascending `[countsIndex, count, …]` pairs
 * (a statistics row with few distinct times), with the same definition and results.
 */
export function valuesAtPercentilesOfPairs(
  pairs: readonly number[],
  total: number,
  ps: readonly number[],
): number[] {
  const values = ps.map(() => 0);
  if (total === 0) return values;
  const shape = layoutHistogram();
  const targets = ps.map((p) => {
    const fp = (Math.min(p, 100) / 100) * total;
    return Math.max(Math.ceil(fp - ulp(fp)), 1);
  });
  let k = 0;
  let cumulative = 0;
  for (let i = 0; i < pairs.length && k < ps.length; i += 2) {
    cumulative += pairs[i + 1];
    while (k < ps.length && cumulative >= targets[k]) {
      const value = shape.valueFromIndex(pairs[i]);
      values[k] = ps[k] === 0 ? shape.lowestEquivalentValue(value) : shape.highestEquivalentValue(value);
      k++;
    }
  }
  return values;
}

/** Two ascending pair lists added into one (counts of the same index summed). */
export function mergePairs(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      out.push(a[i], a[i + 1]);
      i += 2;
    } else if (i >= a.length || b[j] < a[i]) {
      out.push(b[j], b[j + 1]);
      j += 2;
    } else {
      out.push(a[i], a[i + 1] + b[j + 1]);
      i += 2;
      j += 2;
    }
  }
  return out;
}
