/**
 * A user's think time: the waits after its steps and journeys, and the clock of what it did
 * since the last one (`busySeconds`, which `constantPacing` subtracts, as Locust's
 * `constant_pacing` measures from the end of the previous wait).
 */
import type { WaitContext, WaitTime } from '../api/wait.ts';
import { WakeCalendar } from './wake-calendar.ts';

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
  /** The millisecond the timed wait in progress is due at (its calendar entry), or -1. */
  #due = -1;
  /** The wait in progress: its start and how to end it. */
  #waitStart = 0;
  #wake: ((waitedMs: number) => void) | undefined;

  constructor(random: () => number) {
    this.context = { lastJourneySeconds: 0, busySeconds: 0, random };
  }

  /** Restarts the busy clock: an open-model user's idle time between arrivals is not busy time. */
  restart(): void {
    this.#busySince = performance.now();
  }

  /**
   * Waits what `waitTime` asks after the user's busy stretch; resolves to the milliseconds
   * waited, or -1 when the user was cut off before or during the wait. A wait of zero that
   * does not yield answers at once, with a number rather than a promise: a saturating user
   * (`constant(0)`) would otherwise pay a promise and a turn of the microtask queue per
   * journey — callers await only a promise.
   *
   * Not an async function, on purpose: a waiting user holds only this promise and its timer
   * (an async function's suspended frame, its own promise and await closures were a third
   * of a waiting user's memory).
   */
  wait(waitTime: WaitTime): Promise<number> | number {
    if (this.#stopped) return -1;
    const start = performance.now();
    this.context.busySeconds = (start - this.#busySince) / 1000;
    const seconds = waitTime(this.context);
    if (seconds > 0) {
      this.#zeroWaits = 0;
      this.#waitStart = start;
      return new Promise<number>((resolve) => {
        this.#wake = resolve;
        this.#due = calendar.add(this, seconds * 1000);
      });
    }
    if (++this.#zeroWaits >= ZERO_WAITS_BEFORE_YIELD) {
      this.#zeroWaits = 0;
      this.#waitStart = start;
      return new Promise<number>((resolve) => {
        this.#wake = resolve;
        setImmediate(ThinkTime.endWait, this);
      });
    }
    const end = performance.now();
    this.#busySince = end;
    return end - start;
  }

  /**
   * No wait at all (after an `interrupt()`), yet every so often a turn of the event loop,
   * so a journey that interrupts itself at once cannot starve the thread.
   */
  skip(): Promise<void> | undefined {
    if (++this.#zeroWaits < ZERO_WAITS_BEFORE_YIELD) return undefined;
    this.#zeroWaits = 0;
    return new Promise(setImmediate);
  }

  /** Ends a wait in progress and refuses further ones. */
  cut(): void {
    this.#stopped = true;
    if (this.#due >= 0) calendar.cancel(this.#due);
    ThinkTime.#endWait(this);
  }

  /** Ends the wait in progress, if any (a wake-up for a user cut off meanwhile is ignored). */
  static endWait(think: ThinkTime): void {
    ThinkTime.#endWait(think);
  }

  static #endWait(think: ThinkTime): void {
    const wake = think.#wake;
    if (wake === undefined) return;
    think.#wake = undefined;
    think.#due = -1;
    const end = performance.now();
    think.#busySince = end;
    wake(think.#stopped ? -1 : end - think.#waitStart);
  }
}

/** Every thinking user of this thread wakes through one calendar (a module per thread). */
const calendar = new WakeCalendar<ThinkTime>(ThinkTime.endWait);
