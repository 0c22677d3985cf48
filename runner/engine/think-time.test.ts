/**
 * Think time between a journey's steps, as Locust's SequentialTaskSet waits after every
 * task: the waits are seen where they happen, on the server, between the requests.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserClass } from '../api/user.ts';
import { Client } from '../http/client.ts';
import { ConnectionPools } from '../http/connection-pools.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import type { PlannedJourney } from './journey-plan.ts';
import { planJourneys } from './journey-plan.ts';
import { runJourney } from './run-journey.ts';
import { startUser } from './user-life.ts';
import { UserLoop } from './user-loop.ts';

const mod = await import('../testing/loop-users.ts');

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const journey = (target: PlannedJourney['target']): PlannedJourney => ({
  name: target.name,
  weight: 1,
  tags: [],
  kind: 'journey',
  target,
});

async function runOnce(userClass: UserClass, entry: PlannedJourney) {
  const recorder = new StatsRecorder();
  const client = new Client({ host: server.url, recorder });
  const running = (await startUser(
    userClass,
    { host: server.url, id: 0, seed: 1, testData: {} },
    client,
    recorder,
  ))!;
  const started = performance.now();
  const end = await runJourney(running, entry);
  const tookMs = performance.now() - started;
  await client.close();
  const gaps = server.arrivals.slice(1).map((arrival, i) => arrival.at - server.arrivals[i].at);
  return { end, tookMs, gaps, snapshot: recorder.takeSnapshot() };
}

describe('think time between steps', () => {
  it("waits the user's between(1, 1) after each step: three steps take >= 2 s, requests >= 1 s apart", async () => {
    const { end, tookMs, gaps, snapshot } = await runOnce(mod.ThinkingUser, journey(mod.ThreeSteps));
    expect(end).toBe('done');
    expect(server.arrivals.map((a) => a.path)).toEqual(['/ok', '/ok', '/ok']);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(tookMs).toBeGreaterThanOrEqual(2000);
    // The journey's duration holds its think time; its active time does not.
    const [stats] = snapshot.journeys;
    expect(stats).toMatchObject({ name: 'ThreeSteps', count: 1, completed: 1 });
    expect(stats.sumMicros).toBeGreaterThanOrEqual(2_000_000);
    expect(stats.sumMicros - stats.activeSumMicros).toBeGreaterThanOrEqual(2_000_000);
  });

  it("runs the same journey back to back with waitTime 'none': < 0.5 s", async () => {
    const { end, tookMs, snapshot } = await runOnce(mod.ThinkingUser, journey(mod.ThreeStepsNoWait));
    expect(end).toBe('done');
    expect(server.arrivals).toHaveLength(3);
    expect(tookMs).toBeLessThan(500);
    expect(snapshot.journeys[0].activeSumMicros).toBe(snapshot.journeys[0].sumMicros);
  });

  it("uses the journey's own wait function instead of the user's", async () => {
    const { gaps, tookMs } = await runOnce(mod.ThinkingUser, journey(mod.ThreeStepsOwnWait));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(300);
    expect(tookMs).toBeLessThan(1000);
  });

  it('paces constantPacing per step, as Locust: each step starts 0.25 s after the last', async () => {
    mod.stepStarts.length = 0;
    await runOnce(mod.PacedUser, journey(mod.ThreeSteps));
    expect(server.arrivals.map((a) => a.path)).toEqual(['/ok', '/ok', '/ok']);
    // Read where the pacing is kept, at the steps' starts: the server sees each request one
    // trip later, and on a busy machine two trips differ by tens of milliseconds. A wait ends
    // 250 ms after the previous wait ended (as Locust's constant_pacing), and its step starts a
    // few microtasks later — later still on a busy machine, so a gap loses what the first step
    // was late by and gains what the second was (2.2 ms lost seen in CI): 10 ms are allowed.
    const gaps = mod.stepStarts.slice(1).map((at, i) => at - mod.stepStarts[i]);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(240);
    expect(mod.stepStarts[2] - mod.stepStarts[0]).toBeGreaterThanOrEqual(490);
  });

  it('a user stopped while thinking between steps finishes its journey, then stops', async () => {
    const { loop, recorder, pools } = thinkingLoop();
    while (server.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    loop.stop();
    await loop.done;
    await pools.close();
    const snapshot = recorder.takeSnapshot();
    expect(server.arrivals).toHaveLength(3);
    expect(snapshot.journeys).toMatchObject([{ name: 'ThreeSteps', count: 1, completed: 1 }]);
  });

  it('a user cancelled while thinking between steps ends there: nothing more sent, the journey unrecorded', async () => {
    const { loop, recorder, pools } = thinkingLoop();
    while (server.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // The first answer has reached the user, which now thinks for a second.
    await new Promise((resolve) => setTimeout(resolve, 200));
    loop.cancel();
    await loop.done;
    await pools.close();
    const snapshot = recorder.takeSnapshot();
    expect(server.arrivals).toHaveLength(1);
    expect(snapshot.endpoints.map((e) => [e.name, e.count])).toEqual([['first', 1]]);
    expect(snapshot.journeys).toEqual([]);
  });
});

function thinkingLoop() {
  const recorder = new StatsRecorder();
  const pools = new ConnectionPools();
  const loop = new UserLoop({
    userClass: mod.ThinkingUser,
    context: { host: server.url, id: 0, seed: 1, testData: {} },
    pools,
    recorder,
    plan: planJourneys('ThinkingUser', [journey(mod.ThreeSteps)]),
  });
  return { loop, recorder, pools };
}
