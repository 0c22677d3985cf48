import type { JsHistogram } from 'hdr-histogram-js';
import { addSparse, createMergeHistogram, valuesAtPercentiles } from './histogram.ts';

/** Seconds the *current* rates and percentiles look back, as Locust's window. */
export const CURRENT_WINDOW_SECONDS = 10;

interface Slot {
  from: number;
  to: number;
  count: number;
  failures: number;
  maxMicros: number;
  pairs: number[][];
}

/**
 * The last ~10 one-second slices of one row's requests, for the *current* columns of the
 * history. Memory stays bounded: each slice keeps only its non-zero buckets, and one histogram
 * holds their sum (a slice that leaves the window is subtracted from it).
 */
export class RecentWindow {
  private readonly histogram: JsHistogram = createMergeHistogram();
  private readonly slots: Slot[] = [];
  private pending: Slot;

  constructor(startedAt: number) {
    this.pending = emptySlot(startedAt);
  }

  /** Requests merged since the last tick: their bucket pairs, count, failures and exact max. */
  add(pairs: number[], count: number, failures: number, maxMicros: number): void {
    if (pairs.length > 0) this.pending.pairs.push(pairs);
    this.pending.count += count;
    this.pending.failures += failures;
    if (maxMicros > this.pending.maxMicros) this.pending.maxMicros = maxMicros;
  }

  /** Closes the current second at `now` (epoch ms). */
  tick(now: number): void {
    const slot = this.pending;
    slot.to = now;
    for (const pairs of slot.pairs) addSparse(this.histogram, pairs);
    this.slots.push(slot);
    while (this.slots.length > CURRENT_WINDOW_SECONDS) {
      const old = this.slots.shift()!;
      for (const pairs of old.pairs) addSparse(this.histogram, pairs, -1);
    }
    this.pending = emptySlot(now);
  }

  private seconds(): number {
    if (this.slots.length === 0) return 0;
    return (this.slots[this.slots.length - 1].to - this.slots[0].from) / 1000;
  }

  requestsPerSecond(): number {
    const seconds = this.seconds();
    return seconds > 0 ? this.slots.reduce((sum, s) => sum + s.count, 0) / seconds : 0;
  }

  failuresPerSecond(): number {
    const seconds = this.seconds();
    return seconds > 0 ? this.slots.reduce((sum, s) => sum + s.failures, 0) / seconds : 0;
  }

  /** Current values (µs) at ascending percentiles (at most the window's exact max); 0 each when the window holds no request. */
  percentilesMicros(ps: readonly number[]): number[] {
    if (this.histogram.totalCount === 0) return ps.map(() => 0);
    const max = this.slots.reduce((m, s) => Math.max(m, s.maxMicros), 0);
    return valuesAtPercentiles(this.histogram, ps).map((micros) => Math.min(micros, max));
  }
}

function emptySlot(at: number): Slot {
  return { from: at, to: at, count: 0, failures: 0, maxMicros: 0, pairs: [] };
}
