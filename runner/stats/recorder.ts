import { inspect } from 'node:util';
import { ArrivalCounter } from './arrival-counter.ts';
import { emptyCounts } from './counts.ts';
import { DEFAULT_MAX_NAMES, OVERFLOW_METHOD, OVERFLOW_NAME } from './name-limit.ts';
import { createRecordingHistogram, type RecordingHistogram } from './recording-histogram.ts';
import { addException, addFailure } from './tables.ts';
import { stableTraceback } from './traceback.ts';
import type {
  EndpointSnapshot,
  ExceptionRecord,
  FailureRecord,
  JourneySnapshot,
  StatsSnapshot,
} from './types.ts';

interface Counter {
  count: number;
  sumMicros: number;
  minMicros: number;
  maxMicros: number;
  histogram: RecordingHistogram;
}

interface EndpointCounter extends Counter {
  method: string;
  name: string;
  failures: number;
  contentLength: number;
}

interface JourneyCounter extends Counter {
  name: string;
  completed: number;
  activeSumMicros: number;
  interrupts: Record<string, number>;
  outcomes: Record<string, number>;
}

function toMicros(ms: number): number {
  const micros = Math.round(ms * 1000);
  return Number.isFinite(micros) && micros > 0 ? micros : 0;
}

function recordTime(counter: Counter, micros: number): void {
  counter.sumMicros += micros;
  if (micros < counter.minMicros) counter.minMicros = micros;
  if (micros > counter.maxMicros) counter.maxMicros = micros;
  counter.histogram.recordValue(micros);
}

function resetCounter(counter: Counter): void {
  counter.count = 0;
  counter.sumMicros = 0;
  counter.minMicros = Number.POSITIVE_INFINITY;
  counter.maxMicros = 0;
  counter.histogram.reset();
}

/** How a thrown value reads in the exceptions table (its stack without Node's internal frames: traceback.ts). */
export function describeError(error: unknown): { message: string; traceback: string } {
  if (error instanceof Error) {
    return { message: `${error.name}: ${error.message}`, traceback: stableTraceback(error.stack ?? '') };
  }
  if (typeof error === 'string') return { message: error, traceback: '' };
  return { message: inspect(error, { depth: 2, breakLength: Number.POSITIVE_INFINITY }), traceback: '' };
}

/**
 * The statistics of one worker thread. `request` is on the hot path (one call per request):
 * it allocates nothing once an endpoint has been seen. The thread sends `takeSnapshot()` to the
 * main thread about once a second; `RunStats.merge` adds the snapshots up.
 *
 * @example
 * const recorder = new StatsRecorder();
 * recorder.request('GET', '/orders/{id}', 12.3, 512);
 * recorder.request('POST', '/orders', 40.1, 80, 'HTTP 500: {"error":"boom"}');
 * recorder.journey('Checkout', 1830.5, undefined, new Map([['won', 1]]));
 * port.postMessage(recorder.takeSnapshot());
 */
export class StatsRecorder {
  private readonly endpoints = new Map<string, Map<string, EndpointCounter>>();
  private readonly maxNames: number;
  private names = 0;
  private overflowed: { method: string; name: string } | undefined;
  private overflowReported = false;
  private readonly journeys = new Map<string, JourneyCounter>();
  private failures = new Map<string, FailureRecord>();
  private exceptions = new Map<string, ExceptionRecord>();
  private touchedEndpoints: EndpointCounter[] = [];
  private touchedJourneys: JourneyCounter[] = [];
  private arrivals: ArrivalCounter | undefined;

  /** `maxNames`: distinct (method, name) rows this thread keeps; later ones go to the overflow row. */
  constructor(options: { maxNames?: number } = {}) {
    this.maxNames = options.maxNames ?? DEFAULT_MAX_NAMES;
  }

  /** error: undefined on success; else the failure text, e.g. 'HTTP 500: {"error":"…"}' or 'ECONNRESET'. */
  request(method: string, name: string, responseTimeMs: number, contentLength: number, error?: string): void {
    let counter = this.endpoints.get(method)?.get(name);
    if (counter === undefined) {
      if (this.names >= this.maxNames) {
        this.overflowed ??= { method, name };
        method = OVERFLOW_METHOD;
        name = OVERFLOW_NAME;
        counter = this.endpoints.get(method)?.get(name);
      }
      if (counter === undefined) counter = this.newEndpoint(method, name);
    }
    if (counter.count === 0) this.touchedEndpoints.push(counter);
    counter.count++;
    recordTime(counter, toMicros(responseTimeMs));
    if (contentLength > 0) counter.contentLength += contentLength;
    if (error !== undefined) {
      counter.failures++;
      const now = Date.now() / 1000;
      addFailure(this.failures, { method, name, error, occurrences: 1, firstSeen: now, lastSeen: now });
    }
  }

  private newEndpoint(method: string, name: string): EndpointCounter {
    let byName = this.endpoints.get(method);
    if (byName === undefined) {
      byName = new Map();
      this.endpoints.set(method, byName);
    }
    // The first rows of a thread (its real routes) get the fast layout; a long tail the compact one.
    const counter = { method, name, failures: 0, contentLength: 0, ...newCounter(this.names >= DENSE_ROWS) };
    byName.set(name, counter);
    if (name !== OVERFLOW_NAME || method !== OVERFLOW_METHOD) this.names++;
    return counter;
  }

  /**
   * interruptedAt: name of the step that failed, or undefined when every step ran;
   * activeMs: the duration without the think time between steps (default: all of it).
   */
  journey(
    name: string,
    durationMs: number,
    interruptedAt?: string,
    outcomes?: ReadonlyMap<string, number>,
    activeMs: number = durationMs,
  ): void {
    let counter = this.journeys.get(name);
    if (counter === undefined) {
      counter = {
        name,
        completed: 0,
        activeSumMicros: 0,
        interrupts: emptyCounts(),
        outcomes: emptyCounts(),
        ...newCounter(),
      };
      this.journeys.set(name, counter);
    }
    if (counter.count === 0) this.touchedJourneys.push(counter);
    counter.count++;
    if (interruptedAt === undefined) {
      counter.completed++;
      // A journey's duration is its transaction time: only journeys that ran every step count.
      const micros = toMicros(durationMs);
      recordTime(counter, micros);
      counter.activeSumMicros += Math.min(micros, toMicros(activeMs));
    } else {
      counter.interrupts[interruptedAt] = (counter.interrupts[interruptedAt] ?? 0) + 1;
    }
    if (outcomes) {
      for (const [outcome, n] of outcomes) counter.outcomes[outcome] = (counter.outcomes[outcome] ?? 0) + n;
    }
  }

  /** A thrown error that is not an HTTP failure (Locust's exceptions table). */
  exception(error: unknown, where: string): void {
    const { message, traceback } = describeError(error);
    addException(this.exceptions, { count: 1, message, traceback, nodes: [where] });
  }

  /**
   * Open model: a journey started `lagMs` after its intended start, which fell in epoch
   * second `second`.
   */
  arrivalStarted(second: number, lagMs: number): void {
    this.arrivals ??= new ArrivalCounter();
    this.arrivals.started(second, lagMs);
  }

  /** Open model: an arrival due in epoch second `second` found no free user and was dropped. */
  arrivalDropped(second: number): void {
    this.arrivals ??= new ArrivalCounter();
    this.arrivals.dropped(second);
  }

  /** Open model: a user instance was created to run an arrival. */
  userCreated(): void {
    this.arrivals ??= new ArrivalCounter();
    this.arrivals.userCreated();
  }

  /** Everything recorded since the last call, as structured-cloneable data (encoded HDR histograms, counters); resets. */
  takeSnapshot(): StatsSnapshot {
    const endpoints: EndpointSnapshot[] = this.touchedEndpoints.map((c) => {
      const snapshot: EndpointSnapshot = {
        method: c.method,
        name: c.name,
        count: c.count,
        failures: c.failures,
        sumMicros: c.sumMicros,
        minMicros: c.minMicros,
        maxMicros: c.maxMicros,
        contentLength: c.contentLength,
        histogram: c.histogram.encode(),
      };
      resetCounter(c);
      c.failures = 0;
      c.contentLength = 0;
      return snapshot;
    });
    const journeys: JourneySnapshot[] = this.touchedJourneys.map((c) => {
      const snapshot: JourneySnapshot = {
        name: c.name,
        count: c.count,
        completed: c.completed,
        interrupts: c.interrupts,
        outcomes: c.outcomes,
        sumMicros: c.sumMicros,
        minMicros: c.completed > 0 ? c.minMicros : 0,
        maxMicros: c.maxMicros,
        activeSumMicros: c.activeSumMicros,
        histogram: c.histogram.encode(),
      };
      resetCounter(c);
      c.completed = 0;
      c.activeSumMicros = 0;
      c.interrupts = emptyCounts();
      c.outcomes = emptyCounts();
      return snapshot;
    });
    const snapshot: StatsSnapshot = {
      takenAt: Date.now(),
      endpoints,
      journeys,
      failures: [...this.failures.values()],
      exceptions: [...this.exceptions.values()],
      ...(this.arrivals?.touched ? { arrivals: this.arrivals.take() } : {}),
      ...(this.overflowed && !this.overflowReported ? { overflowed: this.overflowed } : {}),
    };
    if (this.overflowed) this.overflowReported = true;
    this.touchedEndpoints = [];
    this.touchedJourneys = [];
    this.failures = new Map();
    this.exceptions = new Map();
    return snapshot;
  }

  /** Drops every row (the histograms go with them). */
  close(): void {
    this.arrivals = undefined;
    this.endpoints.clear();
    this.journeys.clear();
    this.touchedEndpoints = [];
    this.touchedJourneys = [];
  }
}

/** Rows of a thread recorded with the fast (dense) histogram layout; later rows use the compact one. */
const DENSE_ROWS = 64;

function newCounter(compact = false): Counter {
  return {
    count: 0,
    sumMicros: 0,
    minMicros: Number.POSITIVE_INFINITY,
    maxMicros: 0,
    histogram: createRecordingHistogram(compact),
  };
}
