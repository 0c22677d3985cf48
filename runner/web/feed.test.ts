/**
 * The live feed over a real test (the web controller's run session, one worker thread, a
 * real target on port 0): Reset statistics starts the table again while the chart series
 * and the elapsed time go on, and a page keeps the points it has; the run's log lines
 * reach the feed and each page gets only the new ones; Edit's values are the running ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../config/load.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { users } from '../testing/cli-harness.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';
import { WebController } from './controller.ts';
import type { CurrentRatio } from './current-ratio.ts';
import { type FeedMessage, type FeedRow, LiveFeed } from './feed.ts';

let target: TargetServer;
let dir: string;
beforeAll(async () => {
  target = await startTargetServer({ answerEveryPath: true });
  dir = await mkdtemp(join(tmpdir(), 'journeys-feed-'));
});
afterAll(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

interface RunPart {
  elapsedSeconds: number;
  loadNow: { users?: number; spawnRate?: number };
}
const runOf = (m: FeedMessage) => m.run as RunPart;
const aggregated = (m: FeedMessage) => (m.stats as FeedRow[]).at(-1)?.requests ?? 0;

/** Builds a message every 200 ms (as the server's tick would, only faster) until `done` says so; at most 30 s. */
async function until(feed: LiveFeed, done: (m: FeedMessage) => boolean): Promise<FeedMessage> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const message = feed.build();
    if (done(message)) return message;
    if (Date.now() > deadline) throw new Error(`the feed never got there: ${JSON.stringify(message.run)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the live feed', () => {
  it('keeps the charts, the clock and the log through a Reset statistics; Edit starts from the running values', async () => {
    const { users: userClasses } = await discoverUserClasses([users]);
    const controller = new WebController({
      flags: { usersModule: users, classNames: ['Shopper'], host: target.url, threads: 1, runTime: '60s' },
      loadProfile,
      output: { resultsDir: dir, exitCodeOnError: 1 },
      out: new PassThrough(),
      errors: new PassThrough(),
      userClasses,
    });
    const feed = new LiveFeed(controller);
    await controller.start({ users: 2, spawnRate: 10 });
    try {
      const before = await until(feed, (m) => m.series.time.length >= 3 && aggregated(m) > 0);
      expect(runOf(before).loadNow).toEqual({ users: 2, spawnRate: 10 });
      expect(controller.edit({ users: 3, spawnRate: 4 })).toBe(true);
      expect(runOf(feed.build()).loadNow).toEqual({ users: 3, spawnRate: 4 });

      const page = {
        epoch: before.epoch,
        points: before.series.time.length,
        logs: before.logs.at(-1)?.seq ?? 0,
      };
      expect(before.logs.some((line) => line.text.startsWith('journeys run: Shopper →'))).toBe(true);

      // The table starts again (no thread has sent a snapshot since: nothing has run in between)…
      controller.resetStats();
      const reset = feed.build();
      expect(aggregated(reset)).toBe(0);
      expect(reset.epoch).toBe(before.epoch);
      const after = await until(feed, (m) => m.series.time.length >= before.series.time.length + 2);
      // …the charts keep what they had and go on…
      expect(after.series.time.slice(0, before.series.time.length)).toEqual(before.series.time);
      expect(after.series.rps.slice(0, before.series.rps.length)).toEqual(before.series.rps);
      // …and so does the clock.
      expect(runOf(after).elapsedSeconds).toBeGreaterThan(runOf(before).elapsedSeconds);

      // A page that had the points before the reset gets only the new ones, and only new log lines.
      const sliced = feed.sliceFor(after, page);
      expect(sliced.from).toBe(before.series.time.length);
      expect(sliced.series.time).toEqual(after.series.time.slice(before.series.time.length));
      expect(sliced.logs.every((line) => line.seq > page.logs)).toBe(true);
    } finally {
      controller.stop();
      await controller.ended();
    }
    const ended = feed.build();
    expect(ended.state).toBe('stopped');
    expect(ended.logs.some((line) => line.text.startsWith('exit '))).toBe(true);
    expect(ended.series.time.length).toBeGreaterThanOrEqual(5);
    // The Current ratio stays the test's: its class, its journey, what ran.
    const ratio = ended.ratio as CurrentRatio;
    expect(ratio.classes.map((c) => [c.name, c.share, c.journeys.map((j) => j.name)])).toEqual([
      ['Shopper', 1, ['Browse']],
    ]);
    expect(ratio.totals[0].ran).toBeGreaterThan(0);
  }, 60_000);
});
