/**
 * When the thread's thinking users wake: one timer per millisecond in which any user wakes,
 * instead of a timer per user. A million users waiting between(1, 2) seconds share about a
 * thousand timers, and a waiting user costs one slot in a list rather than a timer object
 * with its own arguments and clock fields (docs/performance.md).
 */

interface Bucket<T> {
  timer: ReturnType<typeof setTimeout>;
  items: T[];
  /** Items not cancelled yet: the timer is dropped when none is left. */
  live: number;
}

/**
 * @example
 * const calendar = new WakeCalendar<ThinkTime>((think) => think.wakeUp());
 * const due = calendar.add(think, 1500);
 * calendar.cancel(due); // the user was cut off: its wake-up is skipped (wakeUp must ignore it too)
 */
export class WakeCalendar<T> {
  readonly #buckets = new Map<number, Bucket<T>>();
  readonly #wake: (item: T) => void;

  constructor(wake: (item: T) => void) {
    this.#wake = wake;
  }

  /**
   * Wakes `item` once `delayMs` have passed (never sooner; at most a millisecond later).
   * Returns the millisecond it is due at, which `cancel` takes.
   */
  add(item: T, delayMs: number): number {
    const now = performance.now();
    const due = Math.ceil(now + delayMs);
    let bucket = this.#buckets.get(due);
    if (bucket === undefined) {
      bucket = { timer: setTimeout(this.#fire, Math.max(0, due - now), due), items: [], live: 0 };
      this.#buckets.set(due, bucket);
    }
    bucket.items.push(item);
    bucket.live += 1;
    return due;
  }

  /**
   * One item of the bucket due at `due` will not need its wake-up. The bucket still calls
   * the others (and may call this one: the waker must ignore an item that is no longer waiting).
   */
  cancel(due: number): void {
    const bucket = this.#buckets.get(due);
    if (bucket === undefined) return;
    bucket.live -= 1;
    if (bucket.live > 0) return;
    clearTimeout(bucket.timer);
    this.#buckets.delete(due);
  }

  /** How many timers are pending (for tests). */
  get timers(): number {
    return this.#buckets.size;
  }

  readonly #fire = (due: number): void => {
    const bucket = this.#buckets.get(due);
    if (bucket === undefined) return;
    this.#buckets.delete(due);
    // A timer may fire a hair before its millisecond: wait out the rest rather than wake early.
    const early = due - performance.now();
    if (early > 0) {
      bucket.timer = setTimeout(this.#fire, early, due);
      this.#buckets.set(due, bucket);
      return;
    }
    for (const item of bucket.items) this.#wake(item);
  };
}
