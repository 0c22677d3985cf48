/**
 * `journeys run --find-limit`: real child processes of the CLI against servers whose capacity
 * is known (runner/testing/capacity-server.ts), 4 requests at a time:
 * - one that refuses a 5th request with 503: nothing fails with 4 users however slow the
 *   machine, and a 5th user's requests fail — `fail_ratio<0.01` holds at 4 and breaks at 5,
 *   exactly;
 * - one that queues it, 200 ms each: with 4 users every request takes ≈200 ms, and a 5th makes
 *   about one request in five wait ≈200 ms more, so on a quiet machine `p95<300ms` holds at 4
 *   and breaks at 5. On a loaded one the runner's own delays move that either way (late
 *   timers add latency; a starved client leaves gaps between a user's requests, so 5 users no
 *   longer keep 5 in flight): that test checks what the search reports, not where.
 * (300 ms per refused-server request: a 5th user's request overlaps the 4 others unless the
 * client leaves gaps of more than 75 ms, which not even a loaded machine does.)
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, openReport } from '../testing/browser.ts';
import { type CapacityServer, startCapacityServer } from '../testing/capacity-server.ts';
import { cliBench, journeys, summaryOf } from '../testing/cli-harness.ts';

const cli = cliBench('cli-find-limit');
const limitUsers = 'runner/testing/limit-users.ts';
let refusing: CapacityServer;
let queueing: CapacityServer;

beforeAll(async () => {
  refusing = await startCapacityServer({ slots: 4, ms: 300, overflow: 'refuse' });
  queueing = await startCapacityServer({ slots: 4, ms: 200, overflow: 'queue' });
});
afterAll(async () => {
  await refusing.close();
  await queueing.close();
});

type Step = { users: number; arrivalRate: number; held: boolean };

describe('journeys run --find-limit', () => {
  it('steps users up one at a time: fail_ratio<0.01 holds at 4 users and breaks at 5', async () => {
    const prefix = join(cli.dir, 'closed');
    const { code, stdout, stderr } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', refusing.url, '--threads', '1', '--csv', prefix, '-t', '90s'],
        ...['-u', '8', '--find-limit', 'fail_ratio<0.01', '--find-limit', 'p95<10s'],
        ...['--limit-step', '1', '--limit-step-time', '3s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(stderr).toBe('');
    // The limit that broke is the answer; the failed requests judge the run as always (exit 1).
    expect(code, stdout).toBe(1);
    expect(refusing.mostAtOnce()).toBe(4);
    expect(refusing.refused()).toBeGreaterThan(0);
    const summary = await summaryOf(prefix);
    const { limit } = summary.run;
    expect(limit.held, JSON.stringify(limit)).toEqual({ users: 4 });
    expect(limit.broke).toMatchObject({ users: 5, by: 'fail_ratio<0.01', unit: 'ratio' });
    expect(limit.broke.value).toBeGreaterThan(0.01);
    expect(limit.steps.map((step: Step) => [step.users, step.held])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect(summary.run).toMatchObject({ loadModel: 'find-limit', usersSpawned: { Worker: 5 } });
    expect(stdout).toMatch(/^limit: held at 4 user\(s\); fail_ratio<0\.01 broke at 5 user\(s\) \(0\.\d+\)$/m);
    expect(stdout).toContain(
      'finding the limit (fail_ratio<0.01, p95<10s) in steps of 1 user(s) every 3s up to 8 user(s)',
    );
    if (hasChromium()) await expectMarkedReport(`${prefix}_report.html`);
  });

  it('p95<300ms on a server that queues past 4 requests: the step that broke, its value, the one before', async () => {
    const prefix = join(cli.dir, 'p95');
    const { code, stdout, stderr } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', queueing.url, '--threads', '1', '--csv', prefix, '-t', '120s'],
        ...['-u', '12', '--find-limit', 'p95<300ms', '--limit-step', '1', '--limit-step-time', '4s'],
      ],
      { timeoutMs: 150_000 },
    );
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const { limit } = (await summaryOf(prefix)).run;
    // 12 users on 4 slots: two requests in three wait, so the limit breaks by then at the latest.
    expect(limit.broke, JSON.stringify(limit)).toMatchObject({ by: 'p95<300ms', unit: 'ms' });
    expect(limit.broke.value).toBeGreaterThanOrEqual(300);
    expect(limit.held).toEqual(limit.broke.users > 1 ? { users: limit.broke.users - 1 } : undefined);
    expect(limit.steps.map((step: Step) => [step.users, step.held])).toEqual(
      Array.from({ length: limit.broke.users }, (_, i) => [i + 1, i + 1 < limit.broke.users]),
    );
    expect(stdout).toContain(`p95<300ms broke at ${limit.broke.users} user(s)`);
  });

  it('stops at the ceiling when every limit holds, and says so', async () => {
    const prefix = join(cli.dir, 'ceiling');
    const { code, stdout } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', refusing.url, '--threads', '1', '--csv', prefix, '-t', '90s'],
        ...['-u', '3', '--find-limit', 'fail_ratio<0.01', '--limit-step', '2', '--limit-step-time', '3s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(code, stdout).toBe(0);
    const { limit } = (await summaryOf(prefix)).run;
    expect(limit.held).toEqual({ users: 3 });
    expect(limit.broke).toBeUndefined();
    expect(limit.steps.map((step: Step) => step.users)).toEqual([2, 3]);
    expect(stdout).toContain(
      'limit: held at 3 user(s) (every limit held; the ceiling was reached, not the limit)',
    );
  });

  it('-t ends the search early: the highest load that held so far, said as such', async () => {
    const prefix = join(cli.dir, 'cut');
    const { code, stdout } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', refusing.url, '--threads', '1', '--csv', prefix, '-t', '5s'],
        ...['-u', '8', '--find-limit', 'fail_ratio<0.01', '--limit-step', '1', '--limit-step-time', '3s'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(code, stdout).toBe(0);
    const summary = await summaryOf(prefix);
    // Step 1 is judged at about 3 s; step 2 would be at about 6 s, after -t.
    expect(summary.run.limit).toMatchObject({ held: { users: 1 }, ceiling: 8 });
    expect(summary.run.limit.broke).toBeUndefined();
    expect(summary.run.stoppedBy).toBe('duration');
    expect(stdout).toContain(
      'limit: held at 1 user(s) so far (the run ended before a limit broke or the ceiling was reached)',
    );
  });

  it('steps the arrival rate in the open model', async () => {
    const prefix = join(cli.dir, 'open');
    // 4 slots of 300 ms serve 13.3/s: past that a share of the arrivals must be refused.
    const { code, stdout, stderr } = await journeys(
      [
        ...['run', '-f', limitUsers, '-H', refusing.url, '--threads', '1', '--csv', prefix, '-t', '90s'],
        ...['--arrival-rate', '20', '--find-limit', 'fail_ratio<0.01'],
        ...['--limit-step', '5', '--limit-step-time', '3s', '--exit-code-on-error', '0'],
      ],
      { timeoutMs: 120_000 },
    );
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const { limit } = (await summaryOf(prefix)).run;
    expect(limit.broke, JSON.stringify(limit)).toMatchObject({ by: 'fail_ratio<0.01' });
    // At 15/s the server cannot keep up; bunched arrivals on a busy machine may be refused earlier.
    expect(limit.broke.arrivalRate).toBeLessThanOrEqual(15);
    expect(limit.held).toEqual(
      limit.broke.arrivalRate > 5 ? { arrivalRate: limit.broke.arrivalRate - 5 } : undefined,
    );
    expect(limit.steps.map((step: Step) => step.arrivalRate)).toEqual(
      Array.from({ length: limit.broke.arrivalRate / 5 }, (_, i) => (i + 1) * 5),
    );
  });

  it('exit 2 in one line for a bad limit or step, and for --limit-step without --find-limit', async () => {
    const bad = await journeys(['run', '-f', limitUsers, '-H', refusing.url, '--find-limit', 'p95<<3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--find-limit');
    const short = await journeys([
      ...['run', '-f', limitUsers, '-H', refusing.url, '--find-limit', 'p95<1s', '--limit-step-time', '1s'],
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr.trim()).toBe(
      'error: --limit-step-time: must be at least 2s (the first second of each step is not judged), got "1s"',
    );
    const alone = await journeys(['run', '-f', limitUsers, '-H', refusing.url, '--limit-step', '2']);
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
    expect(await page.textContent('main')).toContain('held at 4 user(s); fail_ratio<0.01 broke at 5 user(s)');
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
