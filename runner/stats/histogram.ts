import { inflateSync } from 'node:zlib';
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
  JsHistogram,
  WasmHistogram,
} from 'hdr-histogram-js';
import { initWasmHistograms } from './wasm-init.ts';

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
 * the raw bytes (what the WebAssembly build hands out cheaply) or compressed base64 (the
 * portable, JSON-friendly form other HdrHistogram tools read too).
 */
export type EncodedHistogram = Uint8Array | string;

export type HistogramEngine = 'wasm' | 'js';

let engine: HistogramEngine | undefined;

/**
 * Which implementation recording histograms use: the WebAssembly build (about 3x faster per
 * record, and it works in worker threads on Node 24) unless it fails to load or
 * `JOURNEYS_HDR=js` asks for the plain JavaScript one.
 */
export function histogramEngine(): HistogramEngine {
  if (engine) return engine;
  engine = 'js';
  if (process.env.JOURNEYS_HDR !== 'js' && 'WebAssembly' in globalThis) {
    try {
      initWasmHistograms();
      engine = 'wasm';
    } catch {
      engine = 'js';
    }
  }
  return engine;
}

/**
 * A histogram for the hot path of one thread (reset after each snapshot). Call `destroy()` when
 * done. `compact`: HdrHistogram's packed layout, ~2 KB instead of ~94 KB, at about three times
 * the cost per record — for a thread's rarer rows, so many distinct names cannot exhaust memory.
 */
export function createRecordingHistogram(compact = false): Histogram {
  return build({
    ...HISTOGRAM_SETTINGS,
    autoResize: true,
    bitBucketSize: compact ? 'packed' : 32,
    useWebAssembly: histogramEngine() === 'wasm',
  });
}

/** A long-lived histogram that sums many snapshots (64-bit counts: a long run can pass 2^31 in one bucket). */
export function createMergeHistogram(): JsHistogram {
  return build({ ...HISTOGRAM_SETTINGS, autoResize: true, bitBucketSize: 64 }) as JsHistogram;
}

/** The cheapest lossless encoding of a recording histogram for a snapshot. */
export function encodeForSnapshot(histogram: Histogram): EncodedHistogram {
  if (histogram instanceof WasmHistogram) {
    const bytes = histogram.encode();
    // A view over WebAssembly memory would clone the whole memory across threads: keep a tight copy.
    return bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
  }
  return encodeIntoCompressedBase64(histogram);
}

/** The portable form (compressed base64) of any histogram, for raw stats files. */
export function encodePortable(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

type Decoder = (data: Uint8Array, bitBucketSize?: 64) => JsHistogram;

/** Decodes either encoding into a plain JavaScript histogram. */
export function decodeHistogram(encoded: EncodedHistogram): JsHistogram {
  if (typeof encoded === 'string') return decodeFromCompressedBase64(encoded, 64) as JsHistogram;
  return (JsHistogram as unknown as { decode: Decoder }).decode(encoded, 64);
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

const V2_COOKIE_BASE = 0x1c849303;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_HEADER_BYTES = 40;

/** The uncompressed V2 bytes of an encoded histogram. */
function v2Bytes(encoded: EncodedHistogram): Uint8Array {
  if (typeof encoded !== 'string') return encoded;
  const data = Buffer.from(encoded, 'base64');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if ((view.getInt32(0) & ~0xf0) !== V2_COMPRESSED_COOKIE_BASE)
    throw new Error('not a compressed V2 HdrHistogram');
  return inflateSync(data.subarray(8, 8 + view.getInt32(4)));
}

/**
 * The non-zero buckets of an encoded histogram, read straight from HdrHistogram's V2 payload
 * (ZigZag LEB128 counts, negative = a run of empty buckets) without building a histogram: the
 * main thread merges every thread's snapshot each second, so this is its hot path.
 */
export function decodePairs(encoded: EncodedHistogram): number[] {
  const bytes = v2Bytes(encoded);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if ((view.getInt32(0) & ~0xf0) !== V2_COOKIE_BASE) throw new Error('not a V2 HdrHistogram');
  // Bytes 8–11 (normalizing index offset) are ignored, as HdrHistogram's own JS decoder does.
  const sameLayout =
    view.getInt32(12) === HISTOGRAM_SETTINGS.numberOfSignificantValueDigits &&
    view.getBigInt64(16) === BigInt(HISTOGRAM_SETTINGS.lowestDiscernibleValue);
  if (!sameLayout) return sparseCounts(decodeHistogram(encoded));
  const end = V2_HEADER_BYTES + view.getInt32(4);
  const pairs: number[] = [];
  let index = 0;
  let position = V2_HEADER_BYTES;
  while (position < end) {
    // ZigZag LEB128, as HdrHistogram writes it (up to 9 bytes; counts stay far below 2^53).
    let value = 0;
    let scale = 1;
    let byte: number;
    let read = 0;
    do {
      byte = bytes[position++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
      read++;
    } while (byte & 0x80 && read < 9);
    const count = value % 2 === 0 ? value / 2 : -(value + 1) / 2;
    if (count < 0) {
      index -= count;
    } else {
      if (count > 0) pairs.push(index, count);
      index++;
    }
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
  layout ??= build({ ...HISTOGRAM_SETTINGS, highestTrackableValue: 4096, autoResize: true }) as JsHistogram;
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
