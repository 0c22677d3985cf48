/**
 * `journeys run` end to end: real child processes of the CLI against a counting target
 * (runner/testing/cli-harness.ts), the tiny user modules and profiles under runner/testing/.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CSV_FILES,
  cliBench,
  csv,
  journeys,
  root,
  row,
  startJourneys,
  summaryOf,
  users,
  waitFor,
  writeProfile,
} from '../testing/cli-harness.ts';

const fakeService = 'runner/testing/fake-service.ts';
const cli = cliBench('cli-run');

describe('journeys --version', () => {
  it('prints the runner and Node versions', async () => {
    const { code, stdout } = await journeys(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^journeys 0\.1\.0 \(node v24\.\d+\.\d+\)\n$/);
  });
});

describe('journeys run', () => {
  it('runs an iteration-bounded load and writes every CSV with exact counts', async () => {
    const prefix = join(cli.dir, 'exact');
    const { code, stdout, stderr } = await journeys(cli.local(`Shopper -u 2 -r 10 -i 10 --csv ${prefix}`));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const suffix of [...CSV_FILES, '_raw.json', '_summary.json']) {
      expect(existsSync(prefix + suffix), suffix).toBe(true);
    }
    const stats = await csv(`${prefix}_stats.csv`);
    expect(row(stats, '/')?.['Request Count']).toBe('10');
    expect(row(stats, '/items/{id}')?.['Request Count']).toBe('10');
    expect(row(stats, 'Aggregated')?.['Request Count']).toBe('20');
    expect(row(stats, 'Aggregated')?.['Failure Count']).toBe('0');
    // One more GET / than the journeys sent: the start-up probe of the target.
    expect(cli.target.served.get('/')).toBe(11);
    expect(cli.target.served.get('/items/7')).toBe(10);
    const summary = await summaryOf(prefix);
    expect(summary).toMatchObject({
      totals: { requests: 20, journeys: 10 },
      run: { stoppedBy: 'iterations' },
      exitCode: 0,
    });
    expect(stdout).toMatch(/^ +Aggregated +\| +20 +0\(0\.00%\)/m);
    // The percentile table has numbers (not '-') for every row that was timed.
    expect(stdout).toMatch(/^ +Aggregated +\|( +[\d.]+){11} \| +20$/m);
    expect(stdout).toContain(`results: ${prefix}_*  (8 files); report: ${prefix}_report.html\n`);
  });

  it('exits 1 when requests failed, or with --exit-code-on-error', async () => {
    const base = cli.local('Breaker -u 1 -i 3');
    const failed = await journeys([...base, '--csv', join(cli.dir, 'fail')]);
    expect(failed.code).toBe(1);
    const failures = await csv(join(cli.dir, 'fail_failures.csv'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ Method: 'GET', Name: '/fail', Occurrences: '3' });
    expect(failures[0].Error).toContain('HTTP 500');
    const tolerated = await journeys([...base, '--csv', join(cli.dir, 'fail0'), '--exit-code-on-error', '0']);
    expect(tolerated.code).toBe(0);
  });

  it('stops early when an abort threshold fails, still writing the reports', async () => {
    const prefix = join(cli.dir, 'aborted');
    const { code, stdout } = await journeys(
      cli.local(
        `Breaker -u 1 -t 60s --csv ${prefix} --threshold fail_ratio<0.5 --abort-on-threshold --exit-code-on-error 0`,
      ),
    );
    expect(code).toBe(1);
    expect(stdout).toContain('stopped early: a threshold failed');
    expect(stdout).toMatch(/threshold fail_ratio<0\.5: FAIL \(1\b/);
    const summary = await summaryOf(prefix);
    expect(summary.run.stoppedBy).toBe('threshold');
    expect(summary.durationSeconds).toBeLessThan(30);
  });

  it('prints invariants; a failing invariant exits 1', async () => {
    const base = cli.local('Racer -u 1 -i 2');
    const pass = await journeys([...base, '--csv', join(cli.dir, 'inv')]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('invariant no-oversell: PASS (reserved 10 of 10, available 0)\n');
    expect(cli.target.served.get('/setup')).toBe(1);
    expect(cli.target.served.get('/items/item-10/reserve')).toBe(2);
    const fail = await journeys([...base, '--csv', join(cli.dir, 'inv-fail')], {
      env: { RACE_BREAK_INVARIANT: '1' },
    });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('invariant no-oversell: FAIL (reserved 11 of 10)\n');
    const summary = await summaryOf(join(cli.dir, 'inv-fail'));
    expect(summary.invariants).toEqual([{ name: 'no-oversell', pass: false, message: 'reserved 11 of 10' }]);
  });

  it('follows stages: the history shows the user count change', async () => {
    const profile = await writeProfile(join(cli.dir, 'staged.yaml'), [
      'name: staged',
      'stages:',
      '  - { duration: 2s, users: 1, spawn_rate: 10 }',
      '  - { duration: 2s, users: 3, spawn_rate: 10 }',
    ]);
    const prefix = join(cli.dir, 'staged');
    const { code, stdout, stderr } = await journeys([
      ...['run', '--profile', profile, '-f', users, 'Shopper'],
      ...['--threads', '1', '-H', cli.target.url, '--csv', prefix],
    ]);
    expect(code, stdout + stderr).toBe(0);
    const counts = new Set((await csv(`${prefix}_stats_history.csv`)).map((r) => r['User Count']));
    expect(counts).toContain('1');
    expect(counts).toContain('3');
  });

  it('stops on SIGINT with exit 130 and still writes every report', async () => {
    const prefix = join(cli.dir, 'interrupted');
    const { child, done } = startJourneys(cli.local(`Shopper -u 2 -r 10 -t 60s --csv ${prefix}`));
    const { served } = cli.target;
    // Interrupt once requests are flowing.
    await waitFor(
      () => served.has('/items/7'),
      () => 'no request reached /items/7',
    );
    child.kill('SIGINT');
    const { code, stdout } = await done;
    expect(code).toBe(130);
    expect(stdout).toContain('stopped early: SIGINT');
    const files = await readdir(cli.dir);
    for (const suffix of CSV_FILES) {
      expect(files).toContain(`interrupted${suffix}`);
    }
    const recorded = Number(row(await csv(`${prefix}_stats.csv`), 'Aggregated')?.['Request Count']);
    // Less the start-up probe's GET /.
    const answered = (served.get('/') ?? 0) - 1 + (served.get('/items/7') ?? 0);
    // Requests cut off by the stop are dropped from the statistics, never counted twice.
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThanOrEqual(answered);
    expect(recorded).toBeGreaterThanOrEqual(answered - 2);
  });

  it('starts the embedded service when no host is given, and stops it', async () => {
    const prefix = join(cli.dir, 'embedded');
    const { code, stdout } = await journeys(
      ['run', '-f', users, 'Shopper', '-u', '1', '-i', '2', '--threads', '1', '--csv', prefix],
      { env: { JOURNEYS_SERVICE_SCRIPT: fakeService } },
    );
    expect(code).toBe(0);
    const pid = Number(
      /embedded service started at http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stdout)?.[1],
    );
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow();
    const summary = await summaryOf(prefix);
    expect(summary.run.embeddedService).toBe(true);
    expect(summary.run.service.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(summary.totals.requests).toBe(4);
  });

  it('writes into results/<profile>-<UTC time>/ without --csv', async () => {
    const resultsDir = join(cli.dir, 'results');
    const { code } = await journeys(cli.local(`Shopper -u 1 -i 1 --results-dir ${resultsDir}`));
    expect(code).toBe(0);
    const [folder] = await readdir(resultsDir);
    expect(folder).toMatch(/^run-\d{8}-\d{6}$/);
    expect(await readdir(join(resultsDir, folder))).toContain('run_stats.csv');
  });
});

describe('journeys run — which classes got users', () => {
  it('says once which classes got users when the ramp is done, and keeps it in summary.json', async () => {
    const prefix = join(cli.dir, 'spawned');
    const { code, stdout } = await journeys(
      cli.local(`-u 2 -r 100 -t 1s --csv ${prefix} --exit-code-on-error 0`),
    );
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line.startsWith('All users spawned: '));
    expect(lines).toHaveLength(1);
    const match = /^All users spawned: (\{.*\}) \(2 total users; 1 of 3 classes got none\)$/.exec(lines[0]);
    expect(match, lines[0]).not.toBeNull();
    const spawned = JSON.parse(match![1]) as Record<string, number>;
    expect(Object.values(spawned)).toEqual([1, 1]);
    const { run } = await summaryOf(prefix);
    expect(run.userClasses).toEqual({ Racer: 1, Shopper: 1, Breaker: 1 });
    const idle = Object.keys(run.userClasses).find((name) => !(name in spawned))!;
    expect(run.usersSpawned).toEqual({ ...spawned, [idle]: 0 });
  });

  it('says how far the ramp got when the run ends first', async () => {
    const { code, stdout } = await journeys(
      cli.local(`Shopper -u 5 -r 0.2 -i 2 --csv ${join(cli.dir, 'short-ramp')}`),
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Users spawned at the stop: {"Shopper": 1} (1 total users); the ramp to 5 did not finish\n',
    );
    expect(stdout).not.toContain('All users spawned');
  });
});

describe.skipIf(!existsSync(join(root, 'service/server.ts')))(
  'journeys run against the real embedded service',
  () => {
    it('starts service/server.ts on an ephemeral port with in-memory PGlite, and stops it', {
      timeout: 120_000,
    }, async () => {
      const prefix = join(cli.dir, 'real');
      const { code, stdout, stderr } = await journeys(
        [
          'run',
          '-f',
          'runner/testing/service-users',
          '-u',
          '2',
          '-i',
          '6',
          '--threads',
          '1',
          '--csv',
          prefix,
        ],
        { timeoutMs: 120_000 },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const pid = Number(
        /embedded service started at http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stdout)?.[1],
      );
      expect(() => process.kill(pid, 0)).toThrow();
      expect(row(await csv(`${prefix}_stats.csv`), '/health')).toMatchObject({
        'Request Count': '6',
        'Failure Count': '0',
      });
    });
  },
);
