import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../stats/types.ts';
import { checkedUsers } from '../testing/checked-users.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { createLoadPool, type LoadPoolOptions } from './pool.ts';

const LOOP_USERS = new URL('../testing/loop-users.ts', import.meta.url).pathname;
const CRASHING_USERS = new URL('../testing/crashing-users.ts', import.meta.url).pathname;

const LOOP = await checkedUsers(LOOP_USERS);
const CRASHING = await checkedUsers(CRASHING_USERS);

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

function totals(snapshots: StatsSnapshot[]) {
  const requests: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let journeys = 0;
  for (const snapshot of snapshots) {
    for (const e of snapshot.endpoints) {
      requests[e.name] = (requests[e.name] ?? 0) + e.count;
      failures[e.name] = (failures[e.name] ?? 0) + e.failures;
    }
    for (const j of snapshot.journeys) journeys += j.count;
  }
  return { requests, failures, journeys };
}

function poolOptions(overrides: Partial<LoadPoolOptions>) {
  const snapshots: StatsSnapshot[] = [];
  const threadsSeen = new Set<number>();
  const errors: Array<{ message: string; thread: number }> = [];
  const options: LoadPoolOptions = {
    threads: 1,
    users: LOOP,
    host: server.url,
    seed: 1,
    testData: {},
    stopTimeoutSeconds: 0,
    onSnapshot: (snapshot, thread) => {
      snapshots.push(snapshot);
      threadsSeen.add(thread);
    },
    onWorkerError: (error, thread) => errors.push({ message: error.message, thread }),
    ...overrides,
  };
  return { options, snapshots, threadsSeen, errors };
}

describe('createLoadPool', () => {
  it('with 3 threads and fixed iterations records exactly the requests the server served', async () => {
    const servedBefore = { ok: server.served.get('/ok') ?? 0, conflict: server.served.get('/conflict') ?? 0 };
    let iterationsDone!: () => void;
    const done = new Promise<void>((resolve) => {
      iterationsDone = resolve;
    });
    const { options, snapshots, threadsSeen, errors } = poolOptions({
      threads: 3,
      iterations: 300,
      onIterationsDone: () => iterationsDone(),
    });
    const pool = await createLoadPool(options);
    pool.setUsers({ CountingUser: 9 });
    expect(pool.runningUsers()).toBe(9);
    await done;
    await pool.stop();
    await pool.close();
    const { requests, failures, journeys } = totals(snapshots);
    expect(errors).toEqual([]);
    expect(threadsSeen).toEqual(new Set([0, 1, 2]));
    expect(journeys).toBe(300);
    expect(requests.ping).toBe((server.served.get('/ok') ?? 0) - servedBefore.ok);
    expect(requests.reserve).toBe((server.served.get('/conflict') ?? 0) - servedBefore.conflict);
    expect(requests.ping + requests.reserve).toBe(300);
    expect(failures).toEqual({ ping: 0, reserve: 0 });
  });

  it('stop() resolves only after every thread’s final snapshot has arrived', async () => {
    const servedBefore = { ok: server.served.get('/ok') ?? 0, conflict: server.served.get('/conflict') ?? 0 };
    const { options, snapshots, errors } = poolOptions({ threads: 3, stopTimeoutSeconds: 5 });
    const pool = await createLoadPool(options);
    pool.setUsers({ CountingUser: 6 });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await pool.stop();
    // No wait here: what stop() resolved with must already be complete.
    const { requests } = totals(snapshots);
    await pool.close();
    expect(errors).toEqual([]);
    expect(requests.ping).toBeGreaterThan(0);
    expect(requests.ping).toBe((server.served.get('/ok') ?? 0) - servedBefore.ok);
    expect(requests.reserve).toBe((server.served.get('/conflict') ?? 0) - servedBefore.conflict);
  });

  it('starts a thread only once a user is placed on it: threads with no user send nothing', async () => {
    for (const [users, threadsWithUsers] of [
      [1, [0]],
      [2, [0, 1]],
    ] as const) {
      const { options, snapshots, threadsSeen, errors } = poolOptions({ threads: 4 });
      const pool = await createLoadPool(options);
      pool.setUsers({ CountingUser: users });
      const pinged = () => snapshots.filter((s) => s.endpoints.length > 0).length;
      for (let i = 0; i < 500 && pinged() < users; i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await pool.stop();
      await pool.close();
      expect(errors).toEqual([]);
      // Every thread started sends a final snapshot at stop, so the threads seen are those started.
      expect(threadsSeen).toEqual(new Set(threadsWithUsers));
      expect(totals(snapshots).requests.ping).toBeGreaterThan(0);
    }
  });

  it('reports a worker that crashes, with its thread', async () => {
    const { options, errors } = poolOptions({ threads: 2, users: CRASHING });
    const pool = await createLoadPool(options);
    pool.setUsers({ CrashingUser: 1 });
    for (let i = 0; i < 500 && errors.length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(errors).toEqual([{ message: 'boom outside any journey', thread: 0 }]);
    expect(pool.runningUsers()).toBe(0);
    await pool.stop();
    await pool.close();
  });

  it('records an unhandled rejection in a journey as an exception; the thread goes on', async () => {
    let iterationsDone!: () => void;
    const done = new Promise<void>((resolve) => {
      iterationsDone = resolve;
    });
    const { options, snapshots, errors } = poolOptions({
      users: CRASHING,
      iterations: 3,
      onIterationsDone: () => iterationsDone(),
    });
    const pool = await createLoadPool(options);
    pool.setUsers({ ForgetfulUser: 1 });
    await done;
    await pool.stop();
    await pool.close();
    expect(errors).toEqual([]);
    const exceptions = snapshots.flatMap((s) => s.exceptions);
    expect(exceptions.reduce((sum, x) => sum + x.count, 0)).toBe(3);
    expect(exceptions[0]).toMatchObject({
      message: 'Error: forgotten promise',
      nodes: ['thread 0: unhandled rejection'],
    });
  });

  it('gives a journey cut by a ramp-down back to the budget: another thread’s user runs it', async () => {
    const slowBefore = server.received.get('/slow') ?? 0;
    let iterationsDone!: () => void;
    const done = new Promise<void>((resolve) => {
      iterationsDone = resolve;
    });
    const { options, snapshots, errors } = poolOptions({
      threads: 2,
      iterations: 1,
      onIterationsDone: () => iterationsDone(),
    });
    const pool = await createLoadPool(options);
    pool.setUsers({ SlowUser: 1 });
    for (let i = 0; i < 500 && (server.received.get('/slow') ?? 0) < slowBefore + 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The only journey is taken: the CountingUser (on the other thread) finds the budget spent.
    pool.setUsers({ SlowUser: 1, CountingUser: 1 });
    // Time for that thread to start its user, so that the journey comes back to a waiting user
    // (taken at its first try otherwise: the counts below are the same either way).
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Stop timeout 0: the SlowUser is cancelled under its journey, which is cut, unrecorded.
    pool.setUsers({ SlowUser: 0, CountingUser: 1 });
    await done;
    await pool.stop();
    await pool.close();
    expect(errors).toEqual([]);
    const { requests, journeys } = totals(snapshots);
    expect(journeys).toBe(1);
    expect(requests.slow ?? 0).toBe(0);
    expect((requests.ping ?? 0) + (requests.reserve ?? 0)).toBe(1);
  });

  it('at stop drops requests in flight from the stats (stop timeout 0)', async () => {
    const slowBefore = server.received.get('/slow') ?? 0;
    const { options, snapshots, errors } = poolOptions({ threads: 2 });
    const pool = await createLoadPool(options);
    // Each request outlasts the wait for all four: the second thread starts with its first
    // user, later than the first thread's users sent theirs.
    pool.setUsers({ HangingUser: 4 });
    for (let i = 0; i < 500 && (server.received.get('/slow') ?? 0) < slowBefore + 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await pool.stop();
    await pool.close();
    expect(errors).toEqual([]);
    const { requests, failures } = totals(snapshots);
    expect(requests.slow ?? 0).toBe(0);
    expect(failures).toEqual({});
  });

  it('starts only the checked classes: another name is refused', async () => {
    const { options } = poolOptions({ users: await checkedUsers(LOOP_USERS, ['CountingUser']) });
    const pool = await createLoadPool(options);
    expect(() => pool.setUsers({ Nobody: 1 })).toThrow(
      expect.objectContaining({ code: 'USER_CLASS_UNKNOWN' }),
    );
    expect(() => pool.setUsers({ SlowUser: 1 })).toThrow(
      expect.objectContaining({ code: 'USER_CLASS_UNKNOWN' }),
    );
    pool.setUsers({ SlowUser: 0 });
    await pool.stop();
    await pool.close();
  });

  it('refuses a bad thread count or iteration budget', async () => {
    await expect(createLoadPool(poolOptions({ threads: 0 }).options)).rejects.toMatchObject({
      code: 'THREADS_INVALID',
    });
    await expect(createLoadPool(poolOptions({ iterations: 0 }).options)).rejects.toMatchObject({
      code: 'ITERATIONS_INVALID',
    });
  });

  it('refuses arrivals of a class that was not checked', async () => {
    const users = await checkedUsers(LOOP_USERS, ['CountingUser']);
    await expect(
      createLoadPool(poolOptions({ users, arrivals: [{ name: 'SlowUser', maxUsers: 1 }] }).options),
    ).rejects.toMatchObject({ code: 'USER_CLASS_UNKNOWN' });
  });
});
