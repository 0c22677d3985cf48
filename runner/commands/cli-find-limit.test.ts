/**
 * `journeys run --find-limit`: real child processes of the CLI against a server whose
 * capacity is known (runner/testing/capacity-server.ts): 4 requests at a time, 200 ms each.
 * With no think time, 4 users wait for nothing (≈200 ms each) and a 5th makes a queue (about
 * one request in five takes ≈400 ms), so `p95<300ms` holds at 4 users and breaks at 5. (The
 * 100 ms of slack keep a busy machine's timer delays from breaking the limit early.)
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, openReport } from '../testing/browser.ts';
import { type CapacityServer, startCapacityServer } from '../testing/capacity-server.ts';
import { cliBench, journeys, summaryOf } from '../testing/cli-harness.ts';

const cli = cliBench('cli-find-limit');
const limitUsers = 'runner/testing/limit-users.ts';
let server: CapacityServer;

beforeAll(async () => {
  server = await startCapacityServer({ slots: 4, ms: 200 });
});
afterAll(async () => {
  await server.close();
});

describe('journeys run --find-limit', () => {
  it('steps users up one at a time: p95<300ms holds at 4 users and breaks at 5', async () => {
    const prefix = join(cli.dir, 'closed');
    const { code, stdout, stderr } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', server.url, '--threads', '1', '--csv', prefix],
        ...['-u', '8', '--find-limit', 'p95<300ms', '--find-limit', 'fail_ratio<0.01'],
        ...['--limit-step', '1', '--limit-step-time', '4s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(stderr).toBe('');
    // A limit that broke is the answer, not a failure of the run.
    expect(code, stdout).toBe(0);
    expect(server.mostAtOnce()).toBe(4);
    const summary = await summaryOf(prefix);
    const { limit } = summary.run;
    expect(limit.held, JSON.stringify(limit)).toEqual({ users: 4 });
    expect(limit.broke).toMatchObject({ users: 5, by: 'p95<300ms', unit: 'ms' });
    expect(limit.broke.value).toBeGreaterThanOrEqual(300);
    expect(limit.steps.map((step: { users: number; held: boolean }) => [step.users, step.held])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect(summary.run).toMatchObject({ loadModel: 'find-limit', usersSpawned: { Worker: 5 } });
    expect(stdout).toMatch(
      /^limit: held at 4 user\(s\); p95<300ms broke at 5 user\(s\) \(\d+(\.\d+)? ms\)$/m,
    );
    expect(stdout).toContain(
      'finding the limit (p95<300ms, fail_ratio<0.01) in steps of 1 user(s) every 4s up to 8 user(s)',
    );
    if (hasChromium()) await expectMarkedReport(`${prefix}_report.html`);
  });

  it('stops at the ceiling when every limit holds, and says so', async () => {
    const prefix = join(cli.dir, 'ceiling');
    const { code, stdout } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', server.url, '--threads', '1', '--csv', prefix],
        ...['-u', '3', '--find-limit', 'p95<300ms', '--limit-step', '2', '--limit-step-time', '3s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(code, stdout).toBe(0);
    const { limit } = (await summaryOf(prefix)).run;
    expect(limit.held).toEqual({ users: 3 });
    expect(limit.broke).toBeUndefined();
    expect(limit.steps.map((step: { users: number }) => step.users)).toEqual([2, 3]);
    expect(stdout).toContain(
      'limit: held at 3 user(s) (every limit held; the ceiling was reached, not the limit)',
    );
  });

  it('steps the arrival rate in the open model', async () => {
    const prefix = join(cli.dir, 'open');
    // 4 slots of 200 ms serve 20/s: 15/s keeps up; at 30/s the line grows without end.
    const { code, stdout, stderr } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', server.url, '--threads', '1', '--csv', prefix],
        ...['--arrival-rate', '30', '--find-limit', 'p95<300ms'],
        ...['--limit-step', '15', '--limit-step-time', '4s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const { limit } = (await summaryOf(prefix)).run;
    expect(limit.held, stdout).toEqual({ arrivalRate: 15 });
    expect(limit.broke).toMatchObject({ arrivalRate: 30, by: 'p95<300ms' });
  });

  it('exit 2 in one line for a bad limit or step, and for --limit-step without --find-limit', async () => {
    const bad = await journeys(['run', '-f', limitUsers, '-H', server.url, '--find-limit', 'p95<<3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--find-limit');
    const alone = await journeys(['run', '-f', limitUsers, '-H', server.url, '--limit-step', '2']);
    expect(alone.code).toBe(2);
    expect(alone.stderr.trim()).toBe(
      'error: --limit-step, --limit-step-time: only with --find-limit (or a profile with find_limit)',
    );
  });
});

/** The report marks each step on its charts: four green lines, then a red one where p95 broke. */
async function expectMarkedReport(file: string) {
  const browser = await launchChromium();
  try {
    const report = await openReport(browser, file);
    expect(report.errors).toEqual([]);
    const { page } = report;
    expect(await page.evaluate('document.body.dataset.chartMarks')).toBe('5');
    expect(await page.textContent('main')).toContain('held at 4 user(s); p95<300ms broke at 5 user(s)');
    // The colour under each mark's line on the users chart, read back from the canvas.
    const colours = await page.evaluate(`(() => {
      const { series } = JSON.parse(document.getElementById('report-data').textContent);
      const u = window.journeysCharts.find((c) => c.id === 'chart-users').uplot;
      const ctx = u.ctx;
      return series.marks.map((mark) => {
        const x = Math.round(Math.max(u.bbox.left + 1, u.valToPos(mark.time, 'x', true)));
        for (let y = Math.round(u.bbox.top); y < u.bbox.top + u.bbox.height; y++) {
          const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
          if (r > 180 && g < 90 && b < 90) return 'red';
          if (g > 120 && r < 80 && b < 120) return 'green';
        }
        return 'none';
      });
    })()`);
    expect(colours).toEqual(['green', 'green', 'green', 'green', 'red']);
  } finally {
    await browser.close();
  }
}
