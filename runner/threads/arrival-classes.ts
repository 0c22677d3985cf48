/**
 * Which user class each arrival goes to: a smooth weighted round-robin (nginx's) over the
 * classes' shares of `max_users`, so classes get arrivals in exact proportion and evenly
 * interleaved, and every thread agrees on the class of arrival k without talking.
 */
export class ArrivalClasses {
  readonly #weights: readonly number[];
  readonly #current: number[];
  readonly #total: number;
  /** Index of the next arrival `#step` gives the class of. */
  #position = 0;
  #last = 0;

  /** @param weights one per class (its share of max_users); at least one must be > 0. */
  constructor(weights: readonly number[]) {
    this.#weights = weights;
    this.#current = weights.map(() => 0);
    this.#total = weights.reduce((sum, weight) => sum + weight, 0);
  }

  /**
   * The class index of arrival `k`; `k` must not decrease from call to call (each thread asks
   * for its own arrivals, in order, and the classes of the others are stepped over).
   * @example new ArrivalClasses([3, 1]).classOf(2) // 1 (the order is 0, 0, 1, 0, …)
   */
  classOf(k: number): number {
    while (this.#position <= k) {
      this.#last = this.#step();
      this.#position++;
    }
    return this.#last;
  }

  #step(): number {
    let best = 0;
    for (let i = 0; i < this.#weights.length; i++) {
      this.#current[i] += this.#weights[i];
      if (this.#current[i] > this.#current[best]) best = i;
    }
    this.#current[best] -= this.#total;
    return best;
  }
}
