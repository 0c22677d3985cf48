/**
 * `journeys run` in the open model (`--arrival-rate`, `arrival_rate` stages): real child
 * processes of the CLI against a counting target with `/slow?ms=N` (runner/testing/cli-harness.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cliBench,
  csv,
  journeys,
  startJourneys,
  summaryOf,
  users,
  waitFor,
  writeProfile,
} from '../testing/cli-harness.ts';

const cli = cliBench('cli-open-model');

describe('journeys run — open model', () => {
  const arrivalUsers = 'runner/testing/arrival-users.ts';

  it('starts R×D journeys at the rate on a slow target, timing them from their intended start', async () => {
    const prefix = join(cli.dir, 'open');
    const slowBefore = cli.target.served.get('/slow') ?? 0;
    const { code, stdout, stderr } = await journeys([
      ...['run', '-f', arrivalUsers, 'Visitor', '--arrival-rate', '20', '-t', '2s'],
      ...['--threads', '2', '-H', cli.target.url, '--csv', prefix, '--stop-timeout', '3s'],
      ...['--threshold', 'SlowVisit: journey_min>=300ms'],
    ]);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const summary = await summaryOf(prefix);
    const { arrivals } = summary;
    // 20/s for 2 s: 40 due. Each takes 300 ms, so ~6 run at once, on reused users.
    expect(arrivals.scheduled).toBe(40);
    expect(arrivals.started + arrivals.dropped).toBe(40);
    expect(arrivals.started).toBeGreaterThanOrEqual(38);
    expect(arrivals.usersCreated).toBeLessThan(25);
    expect(summary.journeys[0]).toMatchObject({ name: 'SlowVisit', count: arrivals.started });
    expect((cli.target.served.get('/slow') ?? 0) - slowBefore).toBe(arrivals.started);
    expect(summary.run).toMatchObject({
      loadModel: 'open',
      arrivalRate: 20,
      maxUsers: 200,
      durationSeconds: 2,
    });
    expect(summary.thresholds[0]).toMatchObject({ expression: 'SlowVisit: journey_min>=300ms', pass: true });
    expect(stdout).toContain('open model up to 20/s, max_users 200');
    expect(stdout).toMatch(/^Arrivals \(open model\): 40 due · \d+ started · \d+\([\d.]+%\) dropped/m);
    expect(stdout).toMatch(/^intended → actual start +\|( +[\d.]+){11}$/m);
    const perSecond = await csv(`${prefix}_arrivals.csv`);
    expect(perSecond.reduce((sum, r) => sum + Number(r.Scheduled), 0)).toBe(40);
    // The history's user count is the users in flight.
    const inFlight = (await csv(`${prefix}_stats_history.csv`)).map((r) => Number(r['User Count']));
    expect(Math.max(...inFlight)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...inFlight)).toBeLessThan(20);
  });

  it('ramps along open stages, drops arrivals past max_users with a warning, and counts them', async () => {
    const profile = await writeProfile(join(cli.dir, 'open-staged.yaml'), [
      'name: open-staged',
      'max_users: 3',
      'stages:',
      '  - { duration: 1s, arrival_rate: 10 }',
      '  - { duration: 1s, arrival_rate: 10 }',
    ]);
    const prefix = join(cli.dir, 'open-staged');
    const { code, stdout, stderr } = await journeys([
      ...['run', '--profile', profile, '-f', arrivalUsers, 'StalledVisitor'],
      ...['--threads', '1', '-H', cli.target.url, '--csv', prefix, '--stop-timeout', '2s'],
    ]);
    expect(code, stdout + stderr).toBe(0);
    const { arrivals, journeys: ran, run } = await summaryOf(prefix);
    // 0 → 10/s over 1 s (5 due), then 10/s for 1 s (10 due); 1 s journeys on at most 3 users.
    expect(arrivals.scheduled).toBe(15);
    expect(arrivals.started + arrivals.dropped).toBe(15);
    expect(arrivals.started).toBeLessThanOrEqual(6);
    expect(arrivals.dropped).toBeGreaterThanOrEqual(9);
    expect(ran[0].minMs).toBeGreaterThanOrEqual(1000);
    expect(run).toMatchObject({ loadModel: 'open', maxUsers: 3, arrivalRate: 10, durationSeconds: 2 });
    expect(stdout).toMatch(/^warning: \d+ arrival\(s\) dropped: every user was busy \(max_users 3\)/m);
  });

  it('keeps the iteration budget, testStart and invariants', async () => {
    const prefix = join(cli.dir, 'open-iterations');
    const { code, stdout } = await journeys([
      ...['run', '-f', users, 'Racer', '--arrival-rate', '50', '-i', '4'],
      ...['--threads', '2', '-H', cli.target.url, '--csv', prefix],
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('invariant no-oversell: PASS (reserved 10 of 10, available 0)\n');
    expect(cli.target.served.get('/setup')).toBe(1);
    expect(cli.target.served.get('/items/item-10/reserve')).toBe(4);
    const summary = await summaryOf(prefix);
    expect(summary.run.stoppedBy).toBe('iterations');
    expect(summary.arrivals.started).toBe(4);
    expect(summary.totals.journeys).toBe(4);
  });

  it('stops on SIGINT with exit 130 and still writes every report', async () => {
    const prefix = join(cli.dir, 'open-interrupted');
    const { child, done } = startJourneys([
      ...['run', '-f', users, 'Shopper', '--arrival-rate', '20', '-t', '60s'],
      ...['--threads', '1', '-H', cli.target.url, '--csv', prefix],
    ]);
    await waitFor(
      () => cli.target.served.has('/items/7'),
      () => 'no request reached /items/7',
    );
    child.kill('SIGINT');
    const { code, stdout } = await done;
    expect(code).toBe(130);
    expect(stdout).toContain('stopped early: SIGINT');
    const summary = await summaryOf(prefix);
    expect(summary.arrivals.started).toBeGreaterThan(0);
    expect(existsSync(`${prefix}_arrivals.csv`)).toBe(true);
  });

  it('exit 2 for bad open-model fields, one line each naming file, line and field', async () => {
    const profile = await writeProfile(join(cli.dir, 'bad-open.yaml'), [
      'name: bad-open',
      'stages:',
      '  - { duration: 1s, arrival_rate: 5 }',
      '  - { duration: 1s, users: 2 }',
      'max_users: many',
    ]);
    const { code, stderr } = await journeys(['run', '--profile', profile, '-H', cli.target.url]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `error: ${profile}:4: stages[1]: sets users but stages[0] sets arrival_rate: a run is either closed (users) or open (arrival_rate)`,
      `error: ${profile}:5: max_users: must be an integer (got "many")`,
    ]);
    const flags = await journeys(['run', '--arrival-rate', 'fast', '-u', '2', '-H', cli.target.url]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('error: --arrival-rate: must be a number greater than 0, got "fast"');
    expect(flags.stderr).toContain('error: --arrival-rate: cannot be combined with --users or --spawn-rate');
  });
});
