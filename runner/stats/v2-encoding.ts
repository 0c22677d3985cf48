/**
 * HdrHistogram's V2 encoding read and written here, with Node's zlib and base64, rather than
 * with hdr-histogram-js's codec: the main thread decodes every thread's snapshot each second
 * and writes the raw stats file at the end, and the package's codec would load pako,
 * base64-js and its WebAssembly build there (~25 ms of CPU) for that alone. The recording
 * threads write their snapshots' bytes here too (`encodeCounts`, `encodePairs`).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { JsHistogram } from 'hdr-histogram-js';
import { decodeHistogram, type EncodedHistogram, HISTOGRAM_SETTINGS, sparseCounts } from './histogram.ts';

const V2_COOKIE_BASE = 0x1c849303;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_HEADER_BYTES = 40;
/** The low nibble's 0x10: counts written as ZigZag LEB128 (up to 9 bytes a word). */
const V2_COOKIE = V2_COOKIE_BASE | 0x10;
const V2_COMPRESSED_COOKIE = V2_COMPRESSED_COOKIE_BASE | 0x10;

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
/** @example for (const e of snapshot.endpoints) addSparse(merged, decodePairs(e.histogram)); */
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

/** Appends `value` as HdrHistogram's ZigZag LEB128 word (counts stay far below 2^53: at most 8 bytes). */
function writeZigZag(out: number[], value: number): void {
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/**
 * HdrHistogram's V2 payload of the first `limit` counts: a ZigZag LEB128 word per count, a run
 * of empty buckets as one negative word.
 */
function countWords(limit: number, countAt: (index: number) => number): number[] {
  const words: number[] = [];
  let index = 0;
  while (index < limit) {
    const count = countAt(index++);
    if (count > 0) {
      writeZigZag(words, count);
      continue;
    }
    let zeros = 1;
    while (index < limit && countAt(index) === 0) {
      zeros++;
      index++;
    }
    writeZigZag(words, zeros > 1 ? -zeros : 0);
  }
  return words;
}

/** HdrHistogram's uncompressed V2 bytes of ZigZag LEB128 `words` (header fields as hdr-histogram-js writes them). */
function v2Raw(words: readonly number[], digits: number, lowest: number, highest: number): Buffer {
  const raw = Buffer.alloc(V2_HEADER_BYTES + words.length);
  raw.writeInt32BE(V2_COOKIE, 0);
  raw.writeInt32BE(words.length, 4);
  raw.writeInt32BE(1, 8); // hdr-histogram-js's normalizing index offset (readers ignore it)
  raw.writeInt32BE(digits, 12);
  raw.writeBigInt64BE(BigInt(lowest), 16);
  raw.writeBigInt64BE(BigInt(highest), 24);
  raw.writeBigInt64BE(1n, 32); // hdr-histogram-js's integer-to-double ratio, written as an integer
  raw.set(words, V2_HEADER_BYTES);
  return raw;
}

/** A Buffer's bytes as a plain Uint8Array (no copy: `Buffer.alloc` owns its whole ArrayBuffer), as snapshots carry them. */
function plainBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The portable form (compressed base64) of a histogram, for raw stats files: the same bytes as
 * hdr-histogram-js's `encodeIntoCompressedBase64` — counts up to the maximum's bucket, a run of
 * empty buckets as one negative word, its header fields as it writes them — so files read the
 * same everywhere they were read before.
 * @example const text = encodePortable(endpoint.histogram);
 */
export function encodePortable(histogram: JsHistogram): string {
  const limit = histogram.countsArrayIndex(histogram.maxValue) + 1;
  const words = countWords(limit, (index) => {
    const count = histogram.getCountAtIndex(index);
    if (count < 0) throw new Error(`cannot encode a negative count (${count}) at bucket ${index}`);
    return count;
  });
  const raw = v2Raw(
    words,
    histogram.numberOfSignificantValueDigits,
    histogram.lowestDiscernibleValue,
    histogram.highestTrackableValue,
  );
  const compressed = deflateSync(raw);
  const out = Buffer.alloc(8 + compressed.length);
  out.writeInt32BE(V2_COMPRESSED_COOKIE, 0);
  out.writeInt32BE(compressed.length, 4);
  compressed.copy(out, 8);
  return out.toString('base64');
}

/**
 * The uncompressed V2 bytes of the runner's layout from the first `limit` of `counts` (a
 * recording thread's snapshot; `highest`: its highest trackable value for the header).
 * @example const bytes = encodeCounts(counts, lastIndex + 1, 3_600_000_000);
 */
export function encodeCounts(counts: ArrayLike<number>, limit: number, highest: number): Uint8Array {
  return runnerLayoutBytes(
    countWords(limit, (index) => counts[index]),
    highest,
  );
}

/**
 * `encodeCounts` for counts given as ascending `[countsIndex, count, …]` pairs (a compact
 * recording histogram): the same bytes as the dense counts they stand for.
 * @example const bytes = encodePairs([0, 1, 2048, 3], 3_600_000_000);
 */
export function encodePairs(pairs: readonly number[], highest: number): Uint8Array {
  const words: number[] = [];
  let next = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const zeros = pairs[i] - next;
    if (zeros > 0) writeZigZag(words, zeros > 1 ? -zeros : 0);
    writeZigZag(words, pairs[i + 1]);
    next = pairs[i] + 1;
  }
  return runnerLayoutBytes(words, highest);
}

/** The uncompressed V2 bytes of `words` with the runner's layout in the header. */
function runnerLayoutBytes(words: readonly number[], highest: number): Uint8Array {
  return plainBytes(
    v2Raw(
      words,
      HISTOGRAM_SETTINGS.numberOfSignificantValueDigits,
      HISTOGRAM_SETTINGS.lowestDiscernibleValue,
      highest,
    ),
  );
}
