/**
 * The open model on real worker threads against a real HTTP target on 127.0.0.1: arrivals
 * start at the rate whatever the latency, are dropped (and counted) when every user is busy,
 * and journeys are timed from their intended start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrivalTime, type RateSegment } from '../load-model/arrival-shape.ts';
import { RunStats } from '../stats/run-stats.ts';
import { checkedUsers } from '../testing/checked-users.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { createLoadPool, type LoadPoolOptions } from './pool.ts';

const ARRIVAL_USERS = new URL('../testing/arrival-users.ts', import.meta.url).pathname;

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many arrivals `segments` (bounded: they end) schedule. */
function arrivalsOf(segments: RateSegment[]): number {
  let k = 0;
  while (k < 10_000 && arrivalTime(segments, k) !== undefined) k++;
  return k;
}

/**
 * Runs `segments` (bounded: they end) on a fresh pool until `seconds` have passed and the
 * threads have started or dropped every arrival of the schedule (or the iteration budget is
 * spent), then stops with `stopTimeoutSeconds` for the journeys in flight; returns the merged
 * statistics. Stopping at `seconds` alone would let a busy machine decide the counts: a
 * thread starved past the stop drops the arrivals it had not reached, as it must.
 */
async function openRun(
  options: Partial<LoadPoolOptions> & Pick<LoadPoolOptions, 'arrivals'>,
  segments: RateSegment[],
  seconds: number,
  startAtOf: () => number = Date.now,
) {
  const stats = new RunStats({ startedAt: Date.now() });
  const errors: string[] = [];
  let iterationsDone = false;
  const pool = await createLoadPool({
    threads: 1,
    users: await checkedUsers(ARRIVAL_USERS),
    host: server.url,
    seed: 7,
    testData: {},
    stopTimeoutSeconds: 3,
    onSnapshot: (snapshot) => stats.merge(snapshot),
    onWorkerError: (error) => errors.push(error.message),
    onIterationsDone: () => {
      iterationsDone = true;
    },
    ...options,
  });
  const inFlight: number[] = [];
  try {
    const startAt = startAtOf();
    pool.startArrivals!(segments, startAt);
    const end = Math.max(startAt, Date.now()) + seconds * 1000;
    const due = arrivalsOf(segments);
    const accounted = () => stats.arrivals()?.scheduled ?? 0;
    const deadline = end + 20_000;
    while ((Date.now() < end || accounted() < due) && !iterationsDone && Date.now() < deadline) {
      inFlight.push(pool.runningUsers());
      await sleep(50);
    }
    await pool.stop();
  } finally {
    await pool.close();
  }
  stats.end(Date.now());
  expect(errors).toEqual([]);
  return { stats, arrivals: stats.arrivals()!, inFlight, iterationsDone };
}

const constant = (rate: number, seconds: number): RateSegment[] => [
  { durationSeconds: seconds, fromRate: rate, toRate: rate },
];

describe('open model', () => {
  it('starts R×D journeys at rate R for D seconds although each takes 300 ms, reusing users', async () => {
    const slowBefore = server.served.get('/slow') ?? 0;
    const { stats, arrivals, inFlight } = await openRun(
      { threads: 2, arrivals: [{ name: 'Visitor', maxUsers: 100 }] },
      constant(20, 1.5),
      1.5,
    );
    // 30 due; a thread that lagged past the stop would drop (and count) the rest rather than lose them.
    expect(arrivals.scheduled).toBe(30);
    expect(arrivals.started).toBeGreaterThanOrEqual(28);
    expect(arrivals.started + arrivals.dropped).toBe(30);
    // Every journey started ran to its end (stop timeout 3 s): the target saw each once.
    const journey = stats.journey('SlowVisit')!;
    expect(journey.count).toBe(arrivals.started);
    expect((server.served.get('/slow') ?? 0) - slowBefore).toBe(arrivals.started);
    expect(journey.min).toBeGreaterThanOrEqual(300);
    // ~6 in flight at 20/s × 0.3 s, far below 30: users are reused, and keep their state.
    expect(Math.max(...inFlight)).toBeGreaterThanOrEqual(4);
    // A thread creates a user only when all of its users are busy, and a user is busy from its
    // arrival's due time for at most the longest journey (timed from there): so at most the
    // arrivals due within that long in one thread (each thread's are 2/20 s apart), in each of
    // the two threads — 8 for 0.3 s journeys. A busy machine lengthens the journeys (up to 23
    // users were seen at load 20), and the bound follows what the run measured.
    const threadSpacingMs = (2 / 20) * 1000;
    const mostBusy = 2 * (Math.floor((journey.max + 1) / threadSpacingMs) + 1);
    expect(arrivals.usersCreated).toBeLessThanOrEqual(mostBusy);
    expect(arrivals.usersCreated).toBeLessThan(arrivals.started);
    expect(journey.outcomes).toEqual({
      'first-visit': arrivals.usersCreated,
      'repeat-visit': arrivals.started - arrivals.usersCreated,
    });
  });

  it('drops arrivals when every user is busy, counts them, and holds at max_users', async () => {
    // 10/s for 1 s against a 1 s response with at most 3 users: arrivals at 0, 0.1 and 0.2 s
    // take the three users until after the last arrival (0.9 s); the other 7 find none free.
    const { stats, arrivals, inFlight } = await openRun(
      { threads: 2, arrivals: [{ name: 'StalledVisitor', maxUsers: 3 }] },
      constant(10, 1),
      1,
    );
    expect(arrivals).toMatchObject({ scheduled: 10, started: 3, dropped: 7, usersCreated: 3 });
    expect(Math.max(...inFlight)).toBe(3);
    const journey = stats.journey('StalledVisit')!;
    expect(journey.count).toBe(3);
    expect(journey.min).toBeGreaterThanOrEqual(1000);
  });

  it('times journeys from their intended start: a stalled generator shows in durations and start lag', async () => {
    // One thread at 20/s; the first journey blocks the thread for 300 ms, so the ~6 arrivals due
    // meanwhile start late. Their requests are fast; their journeys are not.
    const { stats, arrivals } = await openRun(
      { threads: 1, arrivals: [{ name: 'Blocker', maxUsers: 50 }] },
      constant(20, 1),
      1,
    );
    expect(arrivals.scheduled).toBe(20);
    expect(arrivals.max).toBeGreaterThanOrEqual(200);
    // Those due at 50, 100 and 150 ms (at least) started 100 ms or more late: 3 of 20.
    expect(arrivals.percentile(90)).toBeGreaterThanOrEqual(100);
    const journey = stats.journey('BlocksOnce')!;
    expect(journey.max).toBeGreaterThanOrEqual(arrivals.max - 1);
    expect(journey.percentile(90)).toBeGreaterThanOrEqual(100);
    // The requests themselves were not slow: only the wait for the generator was.
    expect(stats.endpoint('GET', 'ping')!.count).toBe(arrivals.started);
  });

  it('ramps the rate along stages: arrivals per second rise', async () => {
    // Start on a second boundary so the per-second rows are whole seconds of the shape.
    let startAt = 0;
    const { arrivals } = await openRun(
      { threads: 2, arrivals: [{ name: 'Pinger', maxUsers: 50 }] },
      [{ durationSeconds: 3, fromRate: 0, toRate: 30 }],
      3,
      () => {
        startAt = Math.ceil(Date.now() / 1000) * 1000;
        return startAt;
      },
    );
    expect(arrivals.scheduled).toBe(45);
    const rows = arrivals.history();
    expect(rows.map((row) => row.timestamp - startAt / 1000)).toEqual([0, 1, 2]);
    // The integral of 10·t per second: 5, then 15, then 25.
    expect(rows.map((row) => row.started + row.dropped)).toEqual([5, 15, 25]);
  });

  it('stops at the iteration budget, started journeys and all', async () => {
    const { arrivals, iterationsDone, stats } = await openRun(
      { threads: 2, iterations: 12, arrivals: [{ name: 'Pinger', maxUsers: 50 }] },
      constant(40, 5),
      5,
    );
    expect(iterationsDone).toBe(true);
    expect(arrivals.started).toBe(12);
    expect(stats.journey('Ping')?.count).toBe(12);
  });
});
