import type { ArrivalStats } from './arrival-stats.ts';
import type { EndpointStats, JourneyStats, TimeStats } from './entries.ts';
import type { RunStats } from './run-stats.ts';
import { PERCENTILES } from './types.ts';

/** Percentile (`p50` … `p99.99`, `p100`) → ms, `null` where nothing was timed. (Keys start with `p` so they keep their order in JSON.) */
export type PercentileMap = Record<string, number | null>;

/** Whole-run numbers of one (method, name), or of every request (`totals`). Times in ms. */
export interface RequestSummary {
  requests: number;
  failures: number;
  failRatio: number;
  rps: number;
  failuresPerSecond: number;
  medianMs: number;
  avgMs: number;
  minMs: number;
  maxMs: number;
  avgContentSize: number;
  percentiles: PercentileMap;
}

export interface EndpointSummary extends RequestSummary {
  method: string;
  name: string;
}

export interface TotalsSummary extends RequestSummary {
  journeys: number;
  journeysCompleted: number;
  journeysInterrupted: number;
}

/** One journey class; durations of completed journeys, in ms. */
export interface JourneySummary {
  name: string;
  count: number;
  completed: number;
  interrupts: number;
  interruptRatio: number;
  rps: number;
  medianMs: number;
  avgMs: number;
  minMs: number;
  maxMs: number;
  percentiles: PercentileMap;
  /** Mean time in steps, think time between them left out (the transaction's own time). */
  avgActiveMs: number;
  outcomes: Record<string, number>;
  interruptsByStep: Record<string, number>;
  topInterruptStep: string | null;
}

/**
 * The open model's arrivals (absent from closed-model runs): journeys due (`scheduled` =
 * `started` + `dropped`), dropped for want of a free user, users created on demand, and the
 * start lag — intended start to actual start — of the started ones, in ms.
 */
export interface ArrivalSummary {
  scheduled: number;
  started: number;
  dropped: number;
  droppedRatio: number;
  /** Journeys started per second, from the first start to the last (the rate achieved). */
  startedPerSecond: number;
  usersCreated: number;
  startLag: {
    medianMs: number;
    avgMs: number;
    minMs: number;
    maxMs: number;
    percentiles: PercentileMap;
  };
}

export interface FailureSummary {
  method: string;
  name: string;
  error: string;
  occurrences: number;
  /** UTC ISO 8601. */
  firstSeen: string;
  lastSeen: string;
}

export interface ExceptionSummary {
  count: number;
  message: string;
  traceback: string;
  nodes: string[];
}

/** A load level: users (closed model) or journeys per second (open model). */
export type LimitLoad = { users: number } | { arrivalRate: number };

/** One step of a limit search as judged. */
export interface LimitStep {
  /** When its window started: seconds into the load, and epoch ms (the charts' clock). */
  atSeconds: number;
  at: number;
  /** How long its window lasted. */
  seconds: number;
  /** Whether every limit held over it. */
  held: boolean;
}

/** summary.json's `run.limit`. */
export interface LimitResult {
  /** The limits as written (`p95<500ms`). */
  limits: string[];
  step: number;
  stepSeconds: number;
  /** The last step's load: `-u` (users) or `--arrival-rate`. */
  ceiling: number;
  /** The highest load at which every limit held for a whole step; absent when the first step broke. */
  held?: LimitLoad;
  /** The load at which a limit broke, which limit and its value over that step; absent when every step held. */
  broke?: LimitLoad & LimitBreak;
  /** Every step judged: when its window started (seconds into the run), its load and whether every limit held. */
  steps: (LimitLoad & LimitStep)[];
}

/** Which limit broke and its value over the step (null: nothing was measured), in `unit` (`ms`, `ratio`, `rps`, `count`). */
export interface LimitBreak {
  by: string;
  value: number | null;
  unit: string;
}

/** Filled by the run: what ran, where, with what. Every field optional; more may be added. */
/**
 * Where a run was when it stopped: loading and checking its user classes and target
 * (`preflight`), starting the embedded service, running `testStart` hooks, ramping users
 * up, at its load, or already past it (a signal during the end hooks).
 */
export type RunPhase = 'preflight' | 'service-start' | 'test-start' | 'ramp-up' | 'load' | 'after-load';

export interface RunMetadata {
  profile?: string;
  description?: string;
  host?: string;
  embeddedService?: boolean;
  threads?: number;
  /** `closed` (users), `open` (arrival rate), `shape` (a LoadShape class), `find-limit`. */
  loadModel?: string;
  /** The LoadShape class followed. */
  shape?: string;
  /** find-limit: the load at which every limit held, and where one broke. */
  limit?: LimitResult;
  users?: number;
  spawnRate?: number;
  /** Open model: the (peak) arrival rate, journeys/s, and the cap on users in flight. */
  arrivalRate?: number;
  maxUsers?: number;
  durationSeconds?: number;
  seed?: number;
  tags?: string[];
  /** Weight (or fixed count) of each selected class, as asked. */
  userClasses?: Record<string, number>;
  /** Closed model: the most users each selected class had at once (0 = got none). */
  usersSpawned?: Record<string, number>;
  shards?: number;
  /** One shard of a distributed run (`--shard index/count`, 0-based). */
  shard?: { index: number; count: number };
  command?: string;
  /** What stopped the run: its duration or iterations, a threshold, Stop in the web UI, a signal. */
  stoppedBy?: string;
  /** The phase the run was in when it stopped; a signal before the load leaves an empty run that says so. */
  stoppedIn?: RunPhase;
  /** The embedded service's own cost, when the run started one. */
  service?: {
    cpuSeconds: number;
    peakRssBytes: number;
    processes: number;
    /** Aggregate cache hits ÷ lookups during the run (its /metrics); absent with the cache off. */
    cacheHitRatio?: number;
    cacheLookups?: number;
    /** The most database connections in use at one scrape; PostgreSQL only. */
    peakPoolInUse?: number;
  };
  versions?: { runner?: string; node?: string; [name: string]: string | undefined };
  [field: string]: unknown;
}

/** One threshold's verdict (the run copies `ThresholdResult`; `actual` null when nothing was measured). */
export interface ThresholdSummary {
  expression: string;
  pass: boolean;
  metric?: string;
  selector?: string;
  op?: string;
  limit?: number;
  unit?: string;
  actual?: number | null;
  subject?: string;
  reason?: string;
}

export interface InvariantSummary {
  name: string;
  pass: boolean;
  message?: string;
  details?: unknown;
  /** false: nothing in the run exercised it (`NOT EXERCISED`); `pass` does not count then. */
  exercised?: boolean;
}

/** The runner watching itself (CPU, event-loop lag); `suspect` marks latencies partly the generator's own. */
export interface SelfCheckSummary {
  suspect: boolean;
  reasons?: string[];
  cores?: number;
  cpuPeak?: number;
  lagP99PeakMs?: number;
  [field: string]: unknown;
}

/**
 * The machine-readable `summary.json` (schema: `runner/stats/summary.schema.json`). The stats
 * give the numbers; the run fills `run`, `thresholds`, `invariants`, `selfCheck`, `exitCode`.
 */
export interface RunSummary {
  schemaVersion: 1;
  /** UTC ISO 8601 (ms). */
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number;
  totals: TotalsSummary;
  endpoints: EndpointSummary[];
  journeys: JourneySummary[];
  failures: FailureSummary[];
  exceptions: ExceptionSummary[];
  /** Open model only. */
  arrivals?: ArrivalSummary;
  run?: RunMetadata;
  thresholds?: ThresholdSummary[];
  invariants?: InvariantSummary[];
  selfCheck?: SelfCheckSummary;
  exitCode?: number;
}

/** Rounds to µs resolution (3 decimals of ms) so the JSON stays readable. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function percentiles(of: TimeStats): PercentileMap {
  const values = of.percentiles(PERCENTILES);
  return Object.fromEntries(PERCENTILES.map((p, i) => [`p${p}`, nullable(values[i])]));
}

function nullable(value: number | undefined): number | null {
  return value === undefined ? null : ms(value);
}

function requestSummary(e: EndpointStats): RequestSummary {
  return {
    requests: e.count,
    failures: e.failures,
    failRatio: e.failRatio,
    rps: e.rps,
    failuresPerSecond: e.failuresPerSecond,
    medianMs: ms(e.median),
    avgMs: ms(e.avg),
    minMs: ms(e.min),
    maxMs: ms(e.max),
    avgContentSize: e.avgContentSize,
    percentiles: percentiles(e),
  };
}

function journeySummary(j: JourneyStats): JourneySummary {
  return {
    name: j.name,
    count: j.count,
    completed: j.completed,
    interrupts: j.interrupts,
    interruptRatio: j.interruptRatio,
    rps: j.rps,
    medianMs: ms(j.median),
    avgMs: ms(j.avg),
    minMs: ms(j.min),
    maxMs: ms(j.max),
    percentiles: percentiles(j),
    avgActiveMs: ms(j.avgActive),
    outcomes: { ...j.outcomes },
    interruptsByStep: { ...j.interruptsByStep },
    topInterruptStep: j.topInterruptStep ?? null,
  };
}

function arrivalSummary(a: ArrivalStats): ArrivalSummary {
  return {
    scheduled: a.scheduled,
    started: a.started,
    dropped: a.dropped,
    droppedRatio: a.droppedRatio,
    startedPerSecond: a.startedPerSecond,
    usersCreated: a.usersCreated,
    startLag: {
      medianMs: ms(a.median),
      avgMs: ms(a.avg),
      minMs: ms(a.min),
      maxMs: ms(a.max),
      percentiles: percentiles(a),
    },
  };
}

/**
 * The summary of a run's statistics (without run metadata: the caller spreads it in).
 *
 * @example
 * const summary: RunSummary = { ...buildSummary(stats), run: { profile: 'smoke', host }, exitCode: 0 };
 * await writeFile(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
 */
export function buildSummary(stats: RunStats): RunSummary {
  const journeys = stats.journeys();
  const endedAt = stats.endedAtMs;
  const arrivals = stats.arrivals();
  return {
    schemaVersion: 1,
    startedAt: new Date(stats.startedAt).toISOString(),
    endedAt: endedAt === undefined ? null : new Date(endedAt).toISOString(),
    durationSeconds: stats.elapsedSeconds(),
    totals: {
      ...requestSummary(stats.aggregated()),
      journeys: journeys.reduce((n, j) => n + j.count, 0),
      journeysCompleted: journeys.reduce((n, j) => n + j.completed, 0),
      journeysInterrupted: journeys.reduce((n, j) => n + j.interrupts, 0),
    },
    endpoints: stats.endpoints().map((e) => ({ method: e.method, name: e.name, ...requestSummary(e) })),
    journeys: journeys.map(journeySummary),
    failures: stats.failures().map((f) => ({
      method: f.method,
      name: f.name,
      error: f.error,
      occurrences: f.occurrences,
      firstSeen: new Date(f.firstSeen * 1000).toISOString(),
      lastSeen: new Date(f.lastSeen * 1000).toISOString(),
    })),
    exceptions: stats.exceptions().map((x) => ({ ...x, nodes: [...x.nodes] })),
    ...(arrivals ? { arrivals: arrivalSummary(arrivals) } : {}),
  };
}
