import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { User, type UserClass } from '../api/user.ts';
import { between, constant, constantPacing, constantThroughput } from '../api/wait.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { RunnerError } from '../errors.ts';
import { Client } from '../http/client.ts';
import { ConnectionPools } from '../http/connection-pools.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { ThreadUsers } from '../threads/thread-users.ts';
import { type PlannedJourney, pickJourney, planJourneys } from './journey-plan.ts';
import { runJourney } from './run-journey.ts';
import { startUser } from './user-life.ts';
import { type IterationBudget, userSeed } from './user-loop.ts';

const LOOP_USERS = new URL('../testing/loop-users.ts', import.meta.url).pathname;
const mod = await import('../testing/loop-users.ts');

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());
beforeEach(() => {
  mod.stepLog.length = 0;
});

function entryOf(target: PlannedJourney['target'], kind: PlannedJourney['kind'] = 'journey'): PlannedJourney {
  const name =
    kind === 'journey' ? ((target as { journeyName?: string }).journeyName ?? target.name) : target.name;
  return { name, weight: 1, tags: [], kind, target };
}

async function runOnce(entry: PlannedJourney, userClass: UserClass = mod.MixedUser) {
  const recorder = new StatsRecorder();
  const client = new Client({ host: server.url, recorder });
  const context = { host: server.url, id: 0, seed: 1, testData: {} };
  const running = (await startUser(userClass, context, client, recorder))!;
  const end = await runJourney(running, entry);
  await client.close();
  return {
    end,
    durationMs: running.think.context.lastJourneySeconds * 1000,
    snapshot: recorder.takeSnapshot(),
  };
}

function requests(snapshot: StatsSnapshot) {
  return Object.fromEntries(snapshot.endpoints.map((e) => [e.name, [e.count, e.failures]]));
}

describe('runJourney', () => {
  it('runs the steps in order and records the journey as completed', async () => {
    const { durationMs, snapshot } = await runOnce(entryOf(mod.ThreeSteps));
    expect(mod.stepLog).toEqual(['first', 'second', 'third']);
    expect(durationMs).toBeGreaterThan(0);
    expect(requests(snapshot)).toEqual({ first: [1, 0], second: [1, 0], third: [1, 0] });
    expect(snapshot.journeys).toMatchObject([{ name: 'ThreeSteps', count: 1, completed: 1, interrupts: {} }]);
  });

  it('skips the rest after a failing step and counts the failure once', async () => {
    const okBefore = server.received.get('/ok') ?? 0;
    const { snapshot } = await runOnce(entryOf(mod.FailsInSecond));
    expect(mod.stepLog).toEqual([]);
    expect(requests(snapshot)).toEqual({ open: [1, 0], breaks: [1, 1] });
    expect(snapshot.failures).toHaveLength(1);
    expect(snapshot.failures[0]).toMatchObject({ name: 'breaks', occurrences: 1 });
    expect(snapshot.exceptions).toEqual([]);
    expect(snapshot.journeys).toMatchObject([
      { name: 'FailsInSecond', count: 1, completed: 0, interrupts: { breaks: 1 } },
    ]);
    expect(server.received.get('/ok')).toBe(okBefore + 1);
  });

  it('ends the journey on interrupt() without a failure', async () => {
    const { end, snapshot } = await runOnce(entryOf(mod.InterruptsEarly));
    expect(end).toBe('interrupted');
    expect(mod.stepLog).toEqual([]);
    expect(requests(snapshot)).toEqual({ decide: [1, 0] });
    expect(snapshot.failures).toEqual([]);
    expect(snapshot.journeys).toMatchObject([
      { name: 'InterruptsEarly', count: 1, completed: 1, interrupts: {} },
    ]);
  });

  it('records a thrown error as an exception where it happened', async () => {
    const { snapshot } = await runOnce(entryOf(mod.ThrowsError));
    expect(snapshot.exceptions).toMatchObject([
      { count: 1, message: 'Error: kaboom', nodes: ['ThrowsError.boom'] },
    ]);
    expect(snapshot.journeys).toMatchObject([{ name: 'ThrowsError', completed: 0, interrupts: { boom: 1 } }]);
  });

  it('records a journey whose constructor throws as an exception, interrupted at "(constructor)"', async () => {
    const { snapshot } = await runOnce(entryOf(mod.BrokenConstructor));
    expect(snapshot.exceptions).toMatchObject([{ count: 1, nodes: ['BrokenConstructor.(constructor)'] }]);
    expect(snapshot.journeys).toMatchObject([
      { name: 'BrokenConstructor', count: 1, interrupts: { '(constructor)': 1 } },
    ]);
  });

  it('counts outcomes from journey.outcome() and from responses', async () => {
    const { snapshot } = await runOnce(entryOf(mod.Race));
    expect(requests(snapshot)).toEqual({ reserve: [1, 0] });
    expect(snapshot.journeys).toMatchObject([
      { name: 'RaceForStock', completed: 1, outcomes: { conflict: 1, tried: 1 } },
    ]);
  });

  it('runs a plain task as a one-step journey named after the function', async () => {
    const { snapshot } = await runOnce(entryOf(mod.pingTask, 'task'));
    expect(requests(snapshot)).toEqual({ ping: [1, 0] });
    expect(snapshot.journeys).toMatchObject([{ name: 'pingTask', count: 1, completed: 1 }]);
  });

  it("counts a plain task's response outcomes as the task's outcomes", async () => {
    const { snapshot } = await runOnce(entryOf(mod.raceTask, 'task'));
    expect(snapshot.journeys).toMatchObject([
      { name: 'raceTask', count: 1, completed: 1, outcomes: { conflict: 1 } },
    ]);
  });
});

describe('journey picks', () => {
  it('picks journeys by weight within 2% of their share over 10,000 picks', async () => {
    const { users } = await discoverUserClasses([LOOP_USERS]);
    const mixed = users.find((u) => u.name === 'MixedUser')!;
    const plan = planJourneys('MixedUser', mixed.journeys);
    const user = new User({
      client: new Client({ host: server.url }),
      host: server.url,
      id: 0,
      seed: 12345,
      testData: {},
    });
    const picks = new Map<string, number>();
    for (let i = 0; i < 10_000; i++) {
      const { name } = pickJourney(plan, user.random());
      picks.set(name, (picks.get(name) ?? 0) + 1);
    }
    for (const [name, share] of [
      ['ThreeSteps', 0.1],
      ['InterruptsEarly', 0.2],
      ['RaceForStock', 0.7],
    ] as const) {
      expect(Math.abs((picks.get(name) ?? 0) / 10_000 - share)).toBeLessThan(0.02);
    }
  });

  it('filters journeys by tags and refuses a class left with none, naming it', async () => {
    const { users } = await discoverUserClasses([LOOP_USERS]);
    const mixed = users.find((u) => u.name === 'MixedUser')!;
    expect(planJourneys('MixedUser', mixed.journeys, { tags: ['race'] }).entries.map((e) => e.name)).toEqual([
      'RaceForStock',
    ]);
    expect(
      planJourneys('MixedUser', mixed.journeys, { excludeTags: ['race'] }).entries.map((e) => e.name),
    ).toEqual(['ThreeSteps', 'InterruptsEarly']);
    const refused = (() => {
      try {
        planJourneys('MixedUser', mixed.journeys, { tags: ['nothing'] });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(RunnerError);
    expect(refused).toMatchObject({ code: 'USER_NO_JOURNEYS', where: 'MixedUser' });
  });

  it('wait functions hold their bounds', () => {
    const user = new User({
      client: new Client({ host: server.url }),
      host: server.url,
      id: 0,
      seed: 99,
      testData: {},
    });
    const context = { lastJourneySeconds: 0.3, busySeconds: 0.3, random: () => user.random() };
    const waits = Array.from({ length: 10_000 }, () => between(1, 2)(context));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...waits)).toBeLessThan(2);
    expect(constant(1.5)(context)).toBe(1.5);
    expect(constantPacing(1)(context)).toBeCloseTo(0.7);
    expect(constantPacing(0.2)(context)).toBe(0);
    expect(constantThroughput(2)(context)).toBeCloseTo(0.2);
  });

  it('derives distinct, reproducible user seeds from the run seed', () => {
    expect(userSeed(42, 7)).toBe(userSeed(42, 7));
    expect(new Set([0, 1, 2, 3].map((id) => userSeed(42, id))).size).toBe(4);
    expect(userSeed(42, 0)).not.toBe(userSeed(43, 0));
  });
});

/** A thread's users on the test server, with a local iteration budget. */
async function threadUsers(stopTimeoutSeconds: number, budget?: number) {
  const { users } = await discoverUserClasses([LOOP_USERS]);
  const classes = new Map(
    users.map((u) => [u.name, { userClass: u.userClass, plan: planJourneys(u.name, u.journeys) }]),
  );
  const recorder = new StatsRecorder();
  const pools = new ConnectionPools();
  let taken = 0;
  let finished = 0;
  let onDone = () => {};
  const done = new Promise<void>((resolve) => {
    onDone = resolve;
  });
  let givenBack = Promise.withResolvers<void>();
  const iterations: IterationBudget | undefined =
    budget === undefined
      ? undefined
      : {
          take: () => taken < budget && ++taken > 0,
          finished: () => ++finished === budget && onDone(),
          giveBack: () => {
            taken--;
            givenBack.resolve();
            givenBack = Promise.withResolvers<void>();
          },
          givenBack: () => givenBack.promise,
        };
  const thread = new ThreadUsers({
    classes,
    host: server.url,
    seed: 7,
    testData: {},
    recorder,
    pools,
    stopTimeoutSeconds,
    iterations,
  });
  return { thread, recorder, pools, done };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('user loops', () => {
  it('runs exactly the iteration budget across users', async () => {
    const { thread, recorder, pools, done } = await threadUsers(0, 25);
    const before = server.served.get('/conflict') ?? 0;
    const okBefore = server.served.get('/ok') ?? 0;
    thread.add('CountingUser', [0, 1, 2]);
    await done;
    await thread.stopAll();
    const snapshot = recorder.takeSnapshot();
    const journeys = snapshot.journeys.reduce((sum, j) => sum + j.count, 0);
    expect(journeys).toBe(25);
    const counts = requests(snapshot);
    expect(counts.reserve[0]).toBe((server.served.get('/conflict') ?? 0) - before);
    expect(counts.ping[0]).toBe((server.served.get('/ok') ?? 0) - okBefore);
    expect(counts.reserve[0] + counts.ping[0]).toBe(25);
    await pools.close();
  });

  it('runs exactly the iteration budget when a user retired under its journey (which goes back)', async () => {
    const { thread, recorder, pools, done } = await threadUsers(0, 2);
    const slowBefore = server.received.get('/slow') ?? 0;
    // Users 0 and 1 take the two journeys; user 2 finds them taken and waits.
    thread.add('SlowUser', [0, 1, 2]);
    await until(() => (server.received.get('/slow') ?? 0) === slowBefore + 2);
    // Stop timeout 0: user 0 is cancelled under its journey, which is cut, unrecorded.
    thread.remove([0]);
    await done;
    await thread.stopAll();
    const snapshot = recorder.takeSnapshot();
    expect(snapshot.journeys.map((j) => [j.name, j.count, j.completed])).toEqual([['SlowThenOk', 2, 2]]);
    expect(requests(snapshot).after).toEqual([2, 0]);
    expect(server.received.get('/slow')).toBe(slowBefore + 3);
    await pools.close();
  });

  it('at stop with stop timeout 0 drops the request in flight: not recorded, not a failure', async () => {
    const { thread, recorder, pools } = await threadUsers(0);
    const slowBefore = server.received.get('/slow') ?? 0;
    thread.add('SlowUser', [0]);
    await until(() => (server.received.get('/slow') ?? 0) === slowBefore + 1);
    await thread.stopAll();
    const snapshot = recorder.takeSnapshot();
    expect(snapshot.endpoints).toEqual([]);
    expect(snapshot.failures).toEqual([]);
    expect(snapshot.journeys).toEqual([]);
    expect(thread.count).toBe(0);
    await pools.close();
  });

  it('at stop with a stop timeout lets the current journey finish', async () => {
    const { thread, recorder, pools } = await threadUsers(10);
    const slowBefore = server.received.get('/slow') ?? 0;
    thread.add('SlowUser', [0]);
    await until(() => (server.received.get('/slow') ?? 0) === slowBefore + 1);
    await thread.stopAll();
    const snapshot = recorder.takeSnapshot();
    expect(requests(snapshot)).toEqual({ slow: [1, 0], after: [1, 0] });
    expect(snapshot.journeys).toMatchObject([{ name: 'SlowThenOk', count: 1, completed: 1 }]);
    await pools.close();
  });
});
