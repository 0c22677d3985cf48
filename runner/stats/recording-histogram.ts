/**
 * The recording side of the histograms: what a load thread records into and sends in its
 * snapshots. Plain JavaScript of HdrHistogram's bucket layout for the runner's settings
 * (integer microseconds, 3 significant digits), so every snapshot adds to the main thread's
 * histograms exactly. It replaces hdr-histogram-js's WebAssembly build in the threads: that
 * cost ~45 modules and inflating and compiling the module at every thread's start, and its
 * linear memory never shrank; integer bucket arithmetic here records faster
 * (docs/performance.md, "The workers' histogram engine").
 */
import { HISTOGRAM_SETTINGS } from './histogram.ts';
import { SparseCounts } from './sparse-counts.ts';
import { encodeCounts, encodePairs } from './v2-encoding.ts';

// HdrHistogram's layout for lowest 1 and 3 digits: 2,048 sub-buckets, the lower half of each
// bucket after the first shared with the one before.
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_HALF_COUNT = 1 << SUB_BUCKET_HALF_MAGNITUDE;
const SUB_BUCKET_MASK = 2 * SUB_BUCKET_HALF_COUNT - 1;
/** HdrHistogram's `64 - unitMagnitude - subBucketHalfCountMagnitude - 1`. */
const LEADING_ZERO_COUNT_BASE = 64 - 0 - SUB_BUCKET_HALF_MAGNITUDE - 1;
const TWO_POW_32 = 2 ** 32;

/**
 * HdrHistogram's counts index of a non-negative integer `value`: with 32-bit integer
 * arithmetic below 2^32 µs (71 minutes), exact integer division above it.
 */
export function countsIndex(value: number): number {
  if (value < TWO_POW_32) {
    const bucket = LEADING_ZERO_COUNT_BASE - 32 - Math.clz32(value | SUB_BUCKET_MASK);
    return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (value >>> bucket) - SUB_BUCKET_HALF_COUNT;
  }
  const bucket = LEADING_ZERO_COUNT_BASE - Math.clz32(Math.floor(value / TWO_POW_32));
  return (
    ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + Math.floor(value / 2 ** bucket) - SUB_BUCKET_HALF_COUNT
  );
}

/** Dense counts start at the bucket of ~1 s and double as longer times come. */
const INITIAL_LENGTH = countsIndex(1_048_575) + 1;

/**
 * One thread's histogram of one row between two snapshots: integer µs (≥ 0) in, HdrHistogram's
 * uncompressed V2 bytes out, emptied after each snapshot.
 * @example const histogram = createRecordingHistogram(); histogram.recordValue(1_250); histogram.encode();
 */
export interface RecordingHistogram {
  recordValue(value: number): void;
  /** Empties it, keeping its storage. */
  reset(): void;
  /** HdrHistogram's V2 bytes (uncompressed) of the counts since the last reset. */
  encode(): Uint8Array;
}

/** The hot path's layout: a counts array, as HdrHistogram's own. */
class DenseHistogram implements RecordingHistogram {
  private counts = new Uint32Array(INITIAL_LENGTH);
  /** The highest counts index recorded since the last reset, -1 when empty. */
  private last = -1;
  private max = 0;

  recordValue(value: number): void {
    const index = countsIndex(value);
    if (index > this.last) {
      this.last = index;
      this.max = value;
      if (index >= this.counts.length) this.grow(index);
    }
    this.counts[index]++;
  }

  private grow(index: number): void {
    let length = this.counts.length * 2;
    while (length <= index) length *= 2;
    const counts = new Uint32Array(length);
    counts.set(this.counts);
    this.counts = counts;
  }

  reset(): void {
    if (this.last < 0) return;
    this.counts.fill(0, 0, this.last + 1);
    this.last = -1;
    this.max = 0;
  }

  encode(): Uint8Array {
    return encodeCounts(this.counts, this.last + 1, highestTrackable(this.max));
  }
}

/** A thread's rarer rows: only the buckets seen (a few hundred bytes instead of tens of KB). */
class CompactHistogram implements RecordingHistogram {
  private readonly counts = new SparseCounts();
  private max = 0;

  recordValue(value: number): void {
    if (value > this.max) this.max = value;
    this.counts.add(countsIndex(value));
  }

  reset(): void {
    this.counts.clear();
    this.max = 0;
  }

  encode(): Uint8Array {
    return encodePairs(this.counts.pairs(), highestTrackable(this.max));
  }
}

/** The header's highest trackable value: the runner's initial hour, or more after longer times. */
function highestTrackable(max: number): number {
  return Math.max(HISTOGRAM_SETTINGS.highestTrackableValue, max);
}

/**
 * A histogram for the hot path of one thread (reset after each snapshot). `compact`: for a
 * thread's rarer rows, so many distinct names cannot exhaust memory.
 * @example const histogram = createRecordingHistogram(); histogram.recordValue(1_250);
 */
export function createRecordingHistogram(compact = false): RecordingHistogram {
  return compact ? new CompactHistogram() : new DenseHistogram();
}
