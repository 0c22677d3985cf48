/**
 * Runs async jobs one after the other, in call order. A failed job does not block the
 * ones behind it. Used where one connection (PGlite) or one critical section (memory
 * appends with inline projections) must never interleave.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(job);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
