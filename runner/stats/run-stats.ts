import { ArrivalStats, arrivalRows } from './arrival-stats.ts';
import { EndpointStats, JourneyStats } from './entries.ts';
import { historyRow, mergeHistoryRows } from './history.ts';
import { DEFAULT_MAX_NAMES, OVERFLOW_METHOD, OVERFLOW_NAME, overflowWarning } from './name-limit.ts';
import { RecentWindow } from './recent-window.ts';
import { addException, addFailure, compare, sortedExceptions, sortedFailures } from './tables.ts';
import type {
  ArrivalRow,
  ArrivalSnapshot,
  ExceptionRecord,
  FailureRecord,
  HistoryRow,
  RawArrivals,
  RawEndpoint,
  RawJourney,
  RawStats,
  StatsSnapshot,
} from './types.ts';
import { decodePairs, encodePortable } from './v2-encoding.ts';

export interface RunStatsOptions {
  /** Epoch ms when the run (its first user) started. */
  startedAt: number;
  /** History rows for every endpoint too, not only Aggregated (Locust's `--csv-full-history`). */
  fullHistory?: boolean;
  /** Distinct (method, name) rows kept; later names are counted in one overflow row. Default 1000. */
  maxNames?: number;
  /** Told once, with a line to show the user, when the first name goes to the overflow row. */
  onNamesOverflow?(warning: string): void;
}

const AGGREGATED = 'Aggregated';

function key(method: string, name: string): string {
  return `${method}\u0000${name}`;
}

/**
 * The run's statistics on the main thread: merges the threads' snapshots (losslessly), keeps
 * whole-run totals per endpoint and journey, the failures and exceptions tables, and one
 * history row per second. Readers give what the CSV files, the summary and the thresholds use.
 *
 * @example
 * const stats = new RunStats({ startedAt: Date.now() });
 * pool.onSnapshot = (snapshot) => stats.merge(snapshot);
 * setInterval(() => stats.tick(Date.now(), pool.runningUsers()), 1000);
 * // at the end
 * stats.end(Date.now());
 * stats.endpoint('GET', '/orders/{id}')?.percentile(95); // ms
 * stats.aggregated().failRatio;
 */
export class RunStats {
  readonly startedAt: number;
  readonly fullHistory: boolean;
  private endedAt: number | undefined;
  private lastActivityAt: number | undefined;
  private lastTickAt: number | undefined;
  private readonly entries = new Map<string, EndpointStats>();
  private readonly total: EndpointStats;
  private readonly journeyEntries = new Map<string, JourneyStats>();
  private readonly failureTable = new Map<string, FailureRecord>();
  private readonly exceptionTable = new Map<string, ExceptionRecord>();
  private rows: HistoryRow[] = [];
  private arrivalEntry: ArrivalStats | undefined;
  private readonly elapsed = (): number => this.elapsedSeconds();
  private readonly maxNames: number;
  private readonly onNamesOverflow: ((warning: string) => void) | undefined;
  private overflowWarned = false;

  constructor(options: RunStatsOptions) {
    this.startedAt = options.startedAt;
    this.fullHistory = options.fullHistory ?? false;
    this.maxNames = options.maxNames ?? DEFAULT_MAX_NAMES;
    this.onNamesOverflow = options.onNamesOverflow;
    this.total = new EndpointStats('', AGGREGATED, this.elapsed);
    this.total.window = new RecentWindow(this.startedAt);
  }

  /** Adds one thread's snapshot. */
  merge(snapshot: StatsSnapshot): void {
    if (snapshot.overflowed) this.warnOverflow(snapshot.overflowed.method, snapshot.overflowed.name);
    for (const e of snapshot.endpoints) this.addEndpoint(e, decodePairs(e.histogram));
    for (const j of snapshot.journeys) this.addJourney(j, decodePairs(j.histogram));
    for (const f of snapshot.failures) this.addFailureRow(f);
    for (const x of snapshot.exceptions) addException(this.exceptionTable, x);
    if (snapshot.arrivals) this.addArrivals(snapshot.arrivals, arrivalRows(snapshot.arrivals.perSecond));
    this.touch(snapshot.takenAt);
  }

  private addArrivals(a: Omit<ArrivalSnapshot, 'perSecond'>, rows: Iterable<ArrivalRow>): void {
    this.arrivalEntry ??= new ArrivalStats();
    this.arrivalEntry.add(a, decodePairs(a.histogram), rows);
  }

  /**
   * The row a (method, name) is counted in: its own, or — once `maxNames` rows exist — the
   * overflow row, so unnamed URLs with ids in them cannot grow the statistics without bound.
   */
  private rowKey(method: string, name: string): string {
    const k = key(method, name);
    if (this.entries.has(k) || (method === OVERFLOW_METHOD && name === OVERFLOW_NAME)) return k;
    const overflowKey = key(OVERFLOW_METHOD, OVERFLOW_NAME);
    const named = this.entries.size - (this.entries.has(overflowKey) ? 1 : 0);
    if (named < this.maxNames) return k;
    this.warnOverflow(method, name);
    return overflowKey;
  }

  private warnOverflow(method: string, name: string): void {
    if (this.overflowWarned) return;
    this.overflowWarned = true;
    this.onNamesOverflow?.(overflowWarning(this.maxNames, method, name));
  }

  /** A failure of a name that went to the overflow row is counted under that row. */
  private addFailureRow(f: FailureRecord): void {
    const overflowKey = key(OVERFLOW_METHOD, OVERFLOW_NAME);
    const k = key(f.method, f.name);
    const overflowed = !this.entries.has(k) && this.rowKey(f.method, f.name) === overflowKey;
    addFailure(this.failureTable, overflowed ? { ...f, method: OVERFLOW_METHOD, name: OVERFLOW_NAME } : f);
  }

  private addEndpoint(e: Omit<RawEndpoint, 'histogram'>, pairs: number[]): void {
    const k = this.rowKey(e.method, e.name);
    let entry = this.entries.get(k);
    if (entry === undefined) {
      const overflow = k === key(OVERFLOW_METHOD, OVERFLOW_NAME);
      entry = new EndpointStats(
        overflow ? OVERFLOW_METHOD : e.method,
        overflow ? OVERFLOW_NAME : e.name,
        this.elapsed,
      );
      if (this.fullHistory) entry.window = new RecentWindow(this.lastTickAt ?? this.startedAt);
      this.entries.set(k, entry);
    }
    entry.add(e, pairs);
    this.total.add(e, pairs);
  }

  private addJourney(j: Omit<RawJourney, 'histogram'>, pairs: number[]): void {
    let entry = this.journeyEntries.get(j.name);
    if (entry === undefined) {
      entry = new JourneyStats(j.name, this.elapsed);
      this.journeyEntries.set(j.name, entry);
    }
    entry.add(j, pairs);
  }

  private touch(at: number | undefined): void {
    if (at !== undefined && (this.lastActivityAt === undefined || at > this.lastActivityAt))
      this.lastActivityAt = at;
  }

  /** Close one history row (once per second): current rps/fails/percentiles, user count. */
  tick(now: number, userCount: number): void {
    this.touch(now);
    this.lastTickAt = now;
    const rowsFor = this.fullHistory ? [...this.endpoints(), this.total] : [this.total];
    // One row per second: a second tick within the same second (e.g. the final one at stop) replaces it.
    const timestamp = Math.floor(now / 1000);
    while (this.rows.length > 0 && this.rows[this.rows.length - 1].timestamp === timestamp) this.rows.pop();
    for (const entry of rowsFor) {
      entry.window?.tick(now);
      this.rows.push(historyRow(entry, now, userCount));
    }
  }

  /** Marks the end of the run: whole-run rates divide by the time from start to here. */
  end(now: number): void {
    this.touch(now);
    this.endedAt = now;
  }

  /** Seconds from the start to the end (or, while running, to the latest tick or snapshot). */
  elapsedSeconds(): number {
    const last = this.endedAt ?? this.lastActivityAt ?? this.startedAt;
    return Math.max(0, (last - this.startedAt) / 1000);
  }

  /** Epoch ms of the end, if `end` was called. */
  get endedAtMs(): number | undefined {
    return this.endedAt;
  }

  /** The row of one (method, name), or undefined if it never ran. */
  endpoint(method: string, name: string): EndpointStats | undefined {
    return this.entries.get(key(method, name));
  }

  /** Every (method, name) row, sorted as Locust sorts them (by name, then method). */
  endpoints(): EndpointStats[] {
    return [...this.entries.values()].sort((a, b) => compare(a.name, b.name) || compare(a.method, b.method));
  }

  /** The Aggregated row: every request of the run. */
  aggregated(): EndpointStats {
    return this.total;
  }

  /** One journey class, or undefined if none ran. */
  journey(name: string): JourneyStats | undefined {
    return this.journeyEntries.get(name);
  }

  /** Every journey class, by name. */
  journeys(): JourneyStats[] {
    return [...this.journeyEntries.values()].sort((a, b) => compare(a.name, b.name));
  }

  /** The open model's arrivals (started, dropped, start lag); undefined for a closed-model run. */
  arrivals(): ArrivalStats | undefined {
    return this.arrivalEntry;
  }

  /** Failures by (method, name, error), sorted by name, method, error. */
  failures(): FailureRecord[] {
    return sortedFailures(this.failureTable);
  }

  /** Exceptions, most frequent first. */
  exceptions(): ExceptionRecord[] {
    return sortedExceptions(this.exceptionTable);
  }

  /** History rows so far, oldest first. */
  history(): readonly HistoryRow[] {
    return this.rows;
  }

  /** JSON-serializable, lossless (encoded histograms) — saved beside the CSVs for `report render` / `report merge`. */
  toRaw(): RawStats {
    return {
      format: 'journeys-raw-stats',
      version: 1,
      startedAt: this.startedAt,
      ...(this.endedAt !== undefined && { endedAt: this.endedAt }),
      ...(this.lastActivityAt !== undefined && { lastActivityAt: this.lastActivityAt }),
      fullHistory: this.fullHistory,
      endpoints: this.endpoints().map((e) => ({
        method: e.method,
        name: e.name,
        count: e.count,
        failures: e.failures,
        sumMicros: e.sumMicros,
        minMicros: e.count > 0 ? e.minMicros : 0,
        maxMicros: e.maxMicros,
        contentLength: e.contentLength,
        histogram: encodePortable(e.histogram),
      })),
      journeys: this.journeys().map((j) => ({
        name: j.name,
        count: j.count,
        completed: j.completed,
        interrupts: { ...j.interruptsByStep },
        outcomes: { ...j.outcomes },
        sumMicros: j.sumMicros,
        minMicros: j.completed > 0 ? j.minMicros : 0,
        maxMicros: j.maxMicros,
        activeSumMicros: j.activeSumMicros,
        histogram: encodePortable(j.histogram),
      })),
      failures: this.failures().map((f) => ({ ...f })),
      exceptions: this.exceptions().map((x) => ({ ...x, nodes: [...x.nodes] })),
      history: this.rows.map((r) => ({ ...r, percentiles: [...r.percentiles] })),
      ...(this.arrivalEntry && { arrivals: rawArrivals(this.arrivalEntry) }),
    };
  }

  static fromRaw(raw: RawStats): RunStats {
    return RunStats.mergeRaw([raw]);
  }

  /** Adds shards together: counters and histograms exactly; history rows per second (see `mergeHistoryRows`). */
  static mergeRaw(raws: RawStats[]): RunStats {
    if (raws.length === 0) throw new Error('mergeRaw needs at least one raw stats object');
    for (const raw of raws) {
      if (raw.format !== 'journeys-raw-stats' || raw.version !== 1) {
        throw new Error(
          `not journeys raw stats (version 1): format ${String(raw.format)}, version ${String(raw.version)}`,
        );
      }
    }
    const stats = new RunStats({
      startedAt: Math.min(...raws.map((r) => r.startedAt)),
      fullHistory: raws.some((r) => r.fullHistory),
    });
    for (const raw of raws) {
      for (const e of raw.endpoints) stats.addEndpoint(e, decodePairs(e.histogram));
      for (const j of raw.journeys) stats.addJourney(j, decodePairs(j.histogram));
      for (const f of raw.failures) addFailure(stats.failureTable, f);
      for (const x of raw.exceptions) addException(stats.exceptionTable, x);
      if (raw.arrivals) stats.addArrivals(raw.arrivals, raw.arrivals.history);
      stats.touch(raw.lastActivityAt);
      if (raw.endedAt !== undefined && (stats.endedAt === undefined || raw.endedAt > stats.endedAt)) {
        stats.endedAt = raw.endedAt;
      }
    }
    stats.rows =
      raws.length === 1
        ? raws[0].history.map((r) => ({ ...r }))
        : mergeHistoryRows(raws.map((r) => r.history));
    return stats;
  }
}

function rawArrivals(a: ArrivalStats): RawArrivals {
  return {
    started: a.started,
    dropped: a.dropped,
    usersCreated: a.usersCreated,
    firstStartAt: a.firstStartAt,
    lastStartAt: a.lastStartAt,
    sumMicros: a.sumMicros,
    minMicros: a.started > 0 ? a.minMicros : 0,
    maxMicros: a.maxMicros,
    histogram: encodePortable(a.histogram),
    history: a.history(),
  };
}
