import { randomFillSync } from 'node:crypto';

// Ids are made in batches: one CSPRNG call and one formatting loop per batch.
const BATCH = 256;
const random = Buffer.allocUnsafe(16 * BATCH);
const text = Buffer.allocUnsafe(36 * BATCH);
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
let next = BATCH;

/**
 * A random RFC 4122 version-4 UUID, like `crypto.randomUUID()`, for stores that keep the
 * id in memory. Why not `randomUUID()` itself: Node builds its result by concatenating
 * ~20 pieces, so V8 keeps it as a tree of cons strings (~490 bytes a string, measured on
 * Node 24) until something flattens it. Decoding our own ASCII bytes gives one flat 36-byte
 * string (~67 bytes on the heap) in about a quarter of the time.
 *
 * @example
 * const id = newEventId(); // '3d9023c1-e7e0-4635-8855-148f5aa1dfd7'
 */
export function newEventId(): string {
  if (next === BATCH) formatBatch();
  const start = 36 * next++;
  return text.toString('latin1', start, start + 36);
}

function formatBatch(): void {
  randomFillSync(random);
  let out = 0;
  for (let at = 0; at < random.length; at++) {
    const b = at % 16;
    let byte = random[at];
    if (b === 6)
      byte = (byte & 0x0f) | 0x40; // version 4
    else if (b === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
    if (b === 4 || b === 6 || b === 8 || b === 10) text[out++] = 0x2d; // '-'
    text[out++] = hexDigits[byte >> 4];
    text[out++] = hexDigits[byte & 0x0f];
  }
  next = 0;
}
