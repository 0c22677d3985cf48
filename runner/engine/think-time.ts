/**
 * A user's think time: the waits after its steps and journeys, and the clock of what it did
 * since the last one (`busySeconds`, which `constantPacing` subtracts, as Locust's
 * `constant_pacing` measures from the end of the previous wait).
 */
import type { WaitContext, WaitTime } from '../api/wait.ts';

/** After this many zero waits in a row the user yields to the event loop, so synchronous steps cannot starve it. */
const ZERO_WAITS_BEFORE_YIELD = 64;

/**
 * @example
 * const think = new ThinkTime(() => user.random());
 * const waitedMs = await think.wait(user.waitTime); // -1: cut off while waiting
 * think.cut(); // wakes a waiting user; later waits return -1 at once
 */
export class ThinkTime {
  readonly context: WaitContext;
  #busySince = performance.now();
  #zeroWaits = 0;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wake: (() => void) | undefined;

  constructor(random: () => number) {
    this.context = { lastJourneySeconds: 0, busySeconds: 0, random };
  }

  /** Restarts the busy clock: an open-model user's idle time between arrivals is not busy time. */
  restart(): void {
    this.#busySince = performance.now();
  }

  /**
   * Waits what `waitTime` asks after the user's busy stretch; returns the milliseconds
   * waited, or -1 when the user was cut off before or during the wait.
   */
  async wait(waitTime: WaitTime): Promise<number> {
    if (this.#stopped) return -1;
    const start = performance.now();
    this.context.busySeconds = (start - this.#busySince) / 1000;
    const seconds = waitTime(this.context);
    if (seconds > 0) {
      this.#zeroWaits = 0;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        this.#timer = setTimeout(resolve, seconds * 1000);
      });
    } else if (++this.#zeroWaits >= ZERO_WAITS_BEFORE_YIELD) {
      this.#zeroWaits = 0;
      await new Promise(setImmediate);
    }
    const end = performance.now();
    this.#busySince = end;
    return this.#stopped ? -1 : end - start;
  }

  /**
   * No wait at all (after an `interrupt()`), yet every so often a turn of the event loop,
   * so a journey that interrupts itself at once cannot starve the thread.
   */
  async skip(): Promise<void> {
    if (++this.#zeroWaits >= ZERO_WAITS_BEFORE_YIELD) {
      this.#zeroWaits = 0;
      await new Promise(setImmediate);
    }
  }

  /** Ends a wait in progress and refuses further ones. */
  cut(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
