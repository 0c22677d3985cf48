/**
 * Counts by bucket index for a histogram that sees few distinct buckets: an open-addressing
 * table of (index, count) in two typed arrays, doubled when half full. A `Map` did the same
 * at several times the cost per count, in the hot path of a thread's rarer rows.
 * @example const counts = new SparseCounts(); counts.add(7_221); counts.pairs(); // [7221, 1]
 */
export class SparseCounts {
  private keys = new Int32Array(INITIAL_SLOTS).fill(-1);
  private counts = new Uint32Array(INITIAL_SLOTS);
  private shift = 32 - Math.log2(INITIAL_SLOTS);
  private size = 0;

  /** Counts one more at `index` (≥ 0, below 2^31). */
  add(index: number): void {
    const keys = this.keys;
    const mask = keys.length - 1;
    let slot = Math.imul(index, GOLDEN) >>> this.shift;
    for (;;) {
      const key = keys[slot];
      if (key === index) {
        this.counts[slot]++;
        return;
      }
      if (key === -1) {
        keys[slot] = index;
        this.counts[slot] = 1;
        if (++this.size * 2 > keys.length) this.grow();
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Forgets every count, keeping the table's size. */
  clear(): void {
    if (this.size === 0) return;
    this.keys.fill(-1);
    this.counts.fill(0);
    this.size = 0;
  }

  /** The counts as ascending `[index, count, …]` pairs. */
  pairs(): number[] {
    const { keys, counts } = this;
    const slots: number[] = [];
    for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== -1) slots.push(slot);
    slots.sort((a, b) => keys[a] - keys[b]);
    const pairs: number[] = [];
    for (const slot of slots) pairs.push(keys[slot], counts[slot]);
    return pairs;
  }

  private grow(): void {
    const { keys, counts } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.counts = new Uint32Array(keys.length * 2);
    this.shift--;
    const mask = this.keys.length - 1;
    for (let old = 0; old < keys.length; old++) {
      if (keys[old] === -1) continue;
      let slot = Math.imul(keys[old], GOLDEN) >>> this.shift;
      while (this.keys[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old];
      this.counts[slot] = counts[old];
    }
  }
}

const INITIAL_SLOTS = 64;
/** 2^32 / φ: multiplicative hashing spreads neighbouring bucket indexes over the table. */
const GOLDEN = 0x9e3779b1 | 0;
