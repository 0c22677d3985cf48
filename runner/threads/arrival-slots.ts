/**
 * The open model's cap on users in flight, shared by every worker thread: one counter per
 * user class (its share of `max_users`) and a total, in a SharedArrayBuffer, so a class never
 * has more journeys running than its share whatever thread they run on, and the main thread
 * reads the users in flight without a message.
 */

/** A buffer for `classes` classes: `[total, class 0, class 1, …]` as Int32. */
export function arrivalSlotsBuffer(classes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(4 * (classes + 1));
}

/**
 * @example
 * const slots = new ArrivalSlots(buffer, [8, 2]);
 * if (slots.tryTake(1)) { try { await journey(); } finally { slots.give(1); } }
 */
export class ArrivalSlots {
  readonly #counters: Int32Array;
  readonly #caps: readonly number[];

  constructor(buffer: SharedArrayBuffer, caps: readonly number[] = []) {
    this.#counters = new Int32Array(buffer);
    this.#caps = caps;
  }

  /** Takes a slot of class `index` if it has one free. */
  tryTake(index: number): boolean {
    const slot = index + 1;
    const cap = this.#caps[index] ?? 0;
    for (;;) {
      const current = Atomics.load(this.#counters, slot);
      if (current >= cap) return false;
      // Another thread may take the same slot between load and exchange: then try again.
      if (Atomics.compareExchange(this.#counters, slot, current, current + 1) === current) {
        Atomics.add(this.#counters, 0, 1);
        return true;
      }
    }
  }

  give(index: number): void {
    Atomics.sub(this.#counters, index + 1, 1);
    Atomics.sub(this.#counters, 0, 1);
  }

  /** Users running a journey now, all classes and threads. */
  inFlight(): number {
    return Atomics.load(this.#counters, 0);
  }
}
