import type { JsHistogram } from 'hdr-histogram-js';
import { emptyCounts } from './counts.ts';
import {
  addSparse,
  createMergeHistogram,
  mergePairs,
  valuesAtPercentiles,
  valuesAtPercentilesOfPairs,
} from './histogram.ts';
import type { RecentWindow } from './recent-window.ts';
import { compare } from './tables.ts';

/** Whole-run seconds, for whole-run rates; supplied by the `RunStats` an entry belongs to. */
export type Elapsed = () => number;

/**
 * Distinct response-time buckets a row keeps as a short sorted list before it takes a full
 * histogram: a row seen a few times (an unnamed URL with an id in it) costs a few KB, not the
 * ~180 KB of a dense 3-digit HDR histogram — which only the busy rows pay.
 */
const SPARSE_BUCKETS = 256;

/** Time counters shared by endpoints and journeys: exact integer µs sums and extremes, plus an HDR histogram. */
export class TimeStats {
  sumMicros = 0;
  minMicros = Number.POSITIVE_INFINITY;
  maxMicros = 0;
  /** Ascending `[countsIndex, count, …]` while the row has few distinct times; then undefined. */
  #pairs: number[] | undefined = [];
  #pairsTotal = 0;
  #dense: JsHistogram | undefined;

  /** The times as an HDR histogram (built on demand for a row still kept as a short list). */
  get histogram(): JsHistogram {
    if (this.#dense) return this.#dense;
    const built = createMergeHistogram();
    addSparse(built, this.#pairs ?? []);
    return built;
  }

  protected addTimes(
    pairs: number[],
    timed: number,
    sumMicros: number,
    minMicros: number,
    maxMicros: number,
  ): void {
    if (timed === 0) return;
    this.sumMicros += sumMicros;
    if (minMicros < this.minMicros) this.minMicros = minMicros;
    if (maxMicros > this.maxMicros) this.maxMicros = maxMicros;
    if (this.#dense) {
      addSparse(this.#dense, pairs);
      return;
    }
    const merged = mergePairs(this.#pairs ?? [], pairs);
    for (let i = 1; i < pairs.length; i += 2) this.#pairsTotal += pairs[i];
    if (merged.length <= 2 * SPARSE_BUCKETS) {
      this.#pairs = merged;
      return;
    }
    this.#dense = createMergeHistogram();
    addSparse(this.#dense, merged);
    this.#pairs = undefined;
  }

  protected timedCount(): number {
    return this.#dense ? this.#dense.totalCount : this.#pairsTotal;
  }

  /** Value in ms at percentile p (0–100), at most 0.1% above the exact one; `undefined` when nothing was timed. */
  percentile(p: number): number | undefined {
    return this.percentiles([p])[0];
  }

  /** Values in ms at ascending percentiles, in one pass (`undefined` each when nothing was timed). */
  percentiles(ps: readonly number[]): (number | undefined)[] {
    if (this.timedCount() === 0) return ps.map(() => undefined);
    const micros = this.#dense
      ? valuesAtPercentiles(this.#dense, ps)
      : valuesAtPercentilesOfPairs(this.#pairs ?? [], this.#pairsTotal, ps);
    return micros.map((value) => this.clampMicros(value) / 1000);
  }

  /** Keeps a bucket's upper edge within the exact extremes (so `100%` is the exact max). */
  clampMicros(micros: number): number {
    return Math.max(this.minMicros, Math.min(this.maxMicros, micros));
  }

  /** Median in ms (0 when nothing was timed, as Locust). */
  get median(): number {
    return this.percentile(50) ?? 0;
  }
  /** Mean in ms (0 when nothing was timed). */
  get avg(): number {
    const n = this.timedCount();
    return n > 0 ? this.sumMicros / n / 1000 : 0;
  }
  /** Fastest in ms (0 when nothing was timed, as Locust). */
  get min(): number {
    return this.timedCount() > 0 ? this.minMicros / 1000 : 0;
  }
  /** Slowest in ms. */
  get max(): number {
    return this.maxMicros / 1000;
  }
}

/**
 * One row of `_stats.csv`: a (method, name) pair, or the Aggregated row (method '', name
 * 'Aggregated'). Times in ms, rates per second of the whole run.
 */
export class EndpointStats extends TimeStats {
  count = 0;
  failures = 0;
  contentLength = 0;
  /** The current (last ~10 s) slice, kept only for rows that go into the history. */
  window: RecentWindow | undefined;
  readonly method: string;
  readonly name: string;
  private readonly elapsed: Elapsed;

  constructor(method: string, name: string, elapsed: Elapsed) {
    super();
    this.method = method;
    this.name = name;
    this.elapsed = elapsed;
  }

  add(
    counts: {
      count: number;
      failures: number;
      sumMicros: number;
      minMicros: number;
      maxMicros: number;
      contentLength: number;
    },
    pairs: number[],
  ): void {
    this.count += counts.count;
    this.failures += counts.failures;
    this.contentLength += counts.contentLength;
    this.addTimes(pairs, counts.count, counts.sumMicros, counts.minMicros, counts.maxMicros);
    this.window?.add(pairs, counts.count, counts.failures, counts.maxMicros);
  }

  /** failures / requests (1 when there were only failures, 0 when nothing ran). */
  get failRatio(): number {
    return this.count > 0 ? this.failures / this.count : 0;
  }
  /** Requests per second over the whole run. */
  get rps(): number {
    const s = this.elapsed();
    return s > 0 ? this.count / s : 0;
  }
  /** Failures per second over the whole run. */
  get failuresPerSecond(): number {
    const s = this.elapsed();
    return s > 0 ? this.failures / s : 0;
  }
  /** Mean response body size in bytes. */
  get avgContentSize(): number {
    return this.count > 0 ? this.contentLength / this.count : 0;
  }
}

/**
 * One journey class: how many ran, how many ran every step, where the others were
 * interrupted, their outcomes, and the duration (transaction time) of the completed ones.
 */
export class JourneyStats extends TimeStats {
  count = 0;
  completed = 0;
  /** Of `sumMicros`, the time in steps (think time between steps left out). */
  activeSumMicros = 0;
  readonly interruptsByStep: Record<string, number> = emptyCounts();
  readonly outcomes: Record<string, number> = emptyCounts();
  readonly name: string;
  private readonly elapsed: Elapsed;

  constructor(name: string, elapsed: Elapsed) {
    super();
    this.name = name;
    this.elapsed = elapsed;
  }

  add(
    counts: {
      count: number;
      completed: number;
      interrupts: Record<string, number>;
      outcomes: Record<string, number>;
      sumMicros: number;
      minMicros: number;
      maxMicros: number;
      /** Absent from raw files written before think time between steps: all of the duration. */
      activeSumMicros?: number;
    },
    pairs: number[],
  ): void {
    this.count += counts.count;
    this.completed += counts.completed;
    this.activeSumMicros += counts.activeSumMicros ?? counts.sumMicros;
    for (const [step, n] of Object.entries(counts.interrupts)) {
      this.interruptsByStep[step] = (this.interruptsByStep[step] ?? 0) + n;
    }
    for (const [outcome, n] of Object.entries(counts.outcomes))
      this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + n;
    this.addTimes(pairs, counts.completed, counts.sumMicros, counts.minMicros, counts.maxMicros);
  }

  /** Mean time in steps of completed journeys, in ms: their duration less the think time between steps. */
  get avgActive(): number {
    return this.completed > 0 ? this.activeSumMicros / this.completed / 1000 : 0;
  }

  /** Journeys stopped by a failed step. */
  get interrupts(): number {
    return this.count - this.completed;
  }
  /** interrupts / count. */
  get interruptRatio(): number {
    return this.count > 0 ? this.interrupts / this.count : 0;
  }
  /** Journeys (started and ended) per second over the whole run. */
  get rps(): number {
    const s = this.elapsed();
    return s > 0 ? this.count / s : 0;
  }
  /** The step that interrupted most journeys (ties: first by name), or undefined. */
  get topInterruptStep(): string | undefined {
    let top: string | undefined;
    for (const [step, n] of Object.entries(this.interruptsByStep)) {
      const best = top === undefined ? -1 : this.interruptsByStep[top];
      if (n > best || (n === best && compare(step, top!) < 0)) top = step;
    }
    return top;
  }
}
