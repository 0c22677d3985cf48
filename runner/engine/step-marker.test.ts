import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http/client.ts';
import { StatsRecorder } from '../stats/recorder.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { runJourney } from './run-journey.ts';
import { markStepsInto } from './step-marker.ts';
import { startUser } from './user-life.ts';

const mod = await import('../testing/loop-users.ts');

let server: TargetServer;
beforeAll(async () => {
  server = await startTargetServer();
});
afterAll(() => server.close());

describe('step marker', () => {
  it('names each step of a journey once, as Journey.step, and stores the last one started', async () => {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const announced: Array<[number, string]> = [];
    markStepsInto(cell, (id, name) => announced.push([id, name]));
    const recorder = new StatsRecorder();
    const client = new Client({ host: server.url, recorder });
    const context = { host: server.url, id: 0, seed: 1, testData: {} };
    const running = (await startUser(mod.MixedUser, context, client, recorder))!;
    const entry = {
      name: 'ThreeSteps',
      weight: 1,
      tags: [],
      kind: 'journey' as const,
      target: mod.ThreeStepsNoWait,
    };
    try {
      await runJourney(running, entry);
      await runJourney(running, entry);
    } finally {
      await client.close();
    }
    expect(announced).toEqual([
      [1, 'ThreeSteps.first'],
      [2, 'ThreeSteps.second'],
      [3, 'ThreeSteps.third'],
    ]);
    expect(Atomics.load(cell, 0)).toBe(3);
  });
});
