/**
 * Load shapes in code and the limit search in the web UI: `journeys web` as a real child
 * process, started over Locust's `POST /swarm`; the live feed and the results folder show
 * what the model did, and the run ends by itself when the model is done.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../testing/browser.ts';
import { type CapacityServer, startCapacityServer } from '../testing/capacity-server.ts';
import { cliBench } from '../testing/cli-harness.ts';
import { openUi } from './testing/web-page.ts';
import { startWebProcess, type WebProcess } from './testing/web-process.ts';

const bench = cliBench('web-load-models');
let capacity: CapacityServer;

beforeAll(async () => {
  capacity = await startCapacityServer({ slots: 4, ms: 300, overflow: 'refuse' });
});
afterAll(async () => {
  await capacity.close();
});

/** The next message of the live feed (server-sent events) that `accept` takes, within 60 s. */
async function feedMessage(url: string, accept: (message: FeedMessage) => boolean): Promise<FeedMessage> {
  const response = await fetch(`${url}/feed`, { signal: AbortSignal.timeout(60_000) });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the feed ended: ${text.slice(-400)}`);
      text += value;
      for (;;) {
        const end = text.indexOf('\n\n');
        if (end < 0) break;
        const event = text.slice(0, end);
        text = text.slice(end + 2);
        const data = event
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data === '') continue;
        const message = JSON.parse(data) as FeedMessage;
        if (accept(message)) return message;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

interface FeedMessage {
  state: string;
  run: { model: string | null; users: number } | null;
  limit: { held?: { users: number }; broke?: { users: number; by: string }; steps: unknown[] } | null;
}

async function summaryIn(dir: string) {
  const folders = await readdir(dir);
  const files = (
    await Promise.all(
      folders.map(async (folder) => (await readdir(join(dir, folder))).map((f) => join(dir, folder, f))),
    )
  ).flat();
  const summary = files.find((file) => file.endsWith('_summary.json'));
  if (!summary) throw new Error(`no summary in ${dir}: ${files.join(', ')}`);
  return JSON.parse(await readFile(summary, 'utf8'));
}

async function swarm(web: WebProcess, users: number) {
  const response = await fetch(`${web.url}/swarm`, {
    method: 'POST',
    body: new URLSearchParams({ user_count: String(users), spawn_rate: '10' }),
  });
  expect(await response.json()).toMatchObject({ success: true });
}

describe('load models in the web UI', () => {
  it('follows the users module’s load shape and ends when it returns null', async () => {
    const dir = join(bench.dir, 'shape');
    const web = await startWebProcess(bench.target.url, dir, [], 'runner/testing/shapes/one-shape.ts');
    try {
      await swarm(web, 1);
      const running = await feedMessage(web.url, (m) => m.state === 'running' && (m.run?.users ?? 0) >= 3);
      expect(running.run?.model).toBe('shape');
      await feedMessage(web.url, (m) => m.state === 'stopped');
      const summary = await summaryIn(dir);
      expect(summary.run).toMatchObject({ loadModel: 'shape', shape: 'StepUp', usersSpawned: { Pinger: 3 } });
    } finally {
      await web.quit();
    }
  });

  it('finds the limit and shows it live: held at 4 users, broke at 5, as the summary has it', async () => {
    const dir = join(bench.dir, 'limit');
    const web = await startWebProcess(
      capacity.url,
      dir,
      ['--find-limit', 'fail_ratio<0.01', '--limit-step', '1', '--limit-step-time', '3s'],
      'runner/testing/limit-users.ts',
    );
    try {
      await swarm(web, 6);
      const stepping = await feedMessage(web.url, (m) => (m.limit?.steps.length ?? 0) >= 1);
      expect(stepping.run?.model).toBe('find-limit');
      const ended = await feedMessage(web.url, (m) => m.state === 'stopped');
      const summary = await summaryIn(dir);
      expect(ended.limit).toEqual(summary.run.limit);
      // The server refuses a 5th request at once (runner/testing/capacity-server.ts).
      expect(summary.run.limit).toMatchObject({
        held: { users: 4 },
        broke: { users: 5, by: 'fail_ratio<0.01' },
      });
      if (hasChromium()) {
        // The page's header says it too.
        const browser = await launchChromium();
        try {
          const { page, errors } = await openUi(browser, web.url);
          expect(await page.textContent('#limit-now')).toBe(
            'held at 4 users; fail_ratio<0.01 broke at 5 users',
          );
          expect(await page.isVisible('#limit-now')).toBe(true);
          expect(errors).toEqual([]);
        } finally {
          await browser.close();
        }
      }
    } finally {
      await web.quit();
    }
  });
});
