/**
 * Every way a run ends writes its summary: SIGTERM or SIGINT while the user modules load,
 * while the embedded service starts, during `testStart`, during the ramp-up. Real child
 * processes of `node runner/bin.js` get real signals at moments read from their own output;
 * each leaves `_summary.json` (valid against its schema) with the exit code and the phase,
 * and Locust's CSVs with their headers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CSV_FILES,
  cliBench,
  PREFIX_FILES,
  printed,
  type Started,
  startJourneys,
  summaryOf,
  waitFor,
} from '../testing/cli-harness.ts';

const bench = cliBench('stop-phases');
/** The stand-in service (runner/testing/fake-service.ts), slow to start on request. */
const fakeService = { JOURNEYS_SERVICE_SCRIPT: 'runner/testing/fake-service.ts' };
const services = new Set<number>();

afterAll(() => {
  for (const pid of services) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function run(args: string[], env: Record<string, string> = {}): Started {
  return startJourneys(['run', '--threads', '1', ...args], { env, timeoutMs: 90_000 });
}

/** Locust's header of each CSV, as a run with requests writes it. */
async function headers(prefix: string): Promise<string[]> {
  return Promise.all(
    CSV_FILES.map(async (suffix) => (await readFile(prefix + suffix, 'utf8')).split(/\r?\n/)[0]),
  );
}

/** What a run stopped before its load must leave: every file, no request, the exit code and the phase. */
async function expectEmptyRun(prefix: string, exitCode: number, stoppedBy: string, stoppedIn: string) {
  for (const suffix of PREFIX_FILES) expect(existsSync(prefix + suffix), suffix).toBe(true);
  const summary = await summaryOf(prefix);
  expect(summary.exitCode).toBe(exitCode);
  expect(summary.run.stoppedBy).toBe(stoppedBy);
  expect(summary.run.stoppedIn).toBe(stoppedIn);
  expect(summary.totals.requests).toBe(0);
  expect(summary.endpoints).toEqual([]);
  const stats = (await readFile(`${prefix}_stats.csv`, 'utf8')).trim().split(/\r?\n/);
  // Header, and at most Locust's all-zero Aggregated row.
  expect(stats.slice(1).every((line) => line.includes('Aggregated'))).toBe(true);
  expect(await headers(prefix)).toEqual(await headers(join(bench.dir, 'reference')));
  const report = await readFile(`${prefix}_report.html`, 'utf8');
  expect(report).toContain(`<dt>Stopped in</dt><dd>${stoppedIn}</dd>`);
  return summary;
}

describe('a signal before the load still writes the run', () => {
  it('(reference: a finished run, for the CSV headers)', async () => {
    const done = await run([
      ...['-f', 'runner/testing/users', 'Shopper', '-u', '1', '-i', '1'],
      ...['-H', bench.target.url, '--csv', join(bench.dir, 'reference')],
    ]).done;
    expect(done.code).toBe(0);
  });

  it('SIGINT while the user modules load (pre-flight): exit 130, stoppedIn preflight, no request', async () => {
    const prefix = join(bench.dir, 'preflight');
    const started = run([
      ...['-f', 'runner/testing/slow-import-users.ts', '-u', '1', '-t', '5s'],
      ...['-H', bench.target.url, '--csv', prefix],
    ]);
    await printed(started, 'slow-import-users: importing');
    started.child.kill('SIGINT');
    const { code, stdout, stderr } = await started.done;
    expect(stderr).toBe('');
    expect(code).toBe(130);
    expect(stdout).toContain(
      'stopped early: SIGINT while the user classes and the target were checked (no load ran)\n',
    );
    expect(stdout.endsWith('exit 130: stopped by SIGINT\n')).toBe(true);
    const summary = await expectEmptyRun(prefix, 130, 'SIGINT', 'preflight');
    // Stopped before the classes were known.
    expect(summary.run.userClasses).toEqual({});
    expect(bench.target.received.size).toBe(0);
  });

  it('SIGTERM while the embedded service starts: exit 143, stoppedIn service-start, the service stopped', async () => {
    const prefix = join(bench.dir, 'service-start');
    const pidFile = join(bench.dir, 'service-start.pid');
    const started = run(['-f', 'runner/testing/users', 'Shopper', '-u', '1', '-t', '5s', '--csv', prefix], {
      ...fakeService,
      FAKE_SERVICE_READY_DELAY_MS: '30000',
      FAKE_SERVICE_PID_FILE: pidFile,
    });
    await printed(started, 'starting the embedded service (PGlite in memory)…\n');
    await waitFor(
      () => existsSync(pidFile),
      () => `no ${pidFile}`,
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    services.add(pid);
    started.child.kill('SIGTERM');
    const { code, stdout, stderr } = await started.done;
    expect(stderr).toBe('');
    expect(code).toBe(143);
    expect(stdout).toContain(
      'stopped early: SIGTERM while the embedded service was starting (no load ran)\n',
    );
    const summary = await expectEmptyRun(prefix, 143, 'SIGTERM', 'service-start');
    expect(summary.run.userClasses).toEqual({ Shopper: 1 });
    expect(summary.run.host).toBeUndefined();
    expect(alive(pid)).toBe(false);
  });

  it('SIGTERM during testStart: exit 143, stoppedIn test-start, then the service is stopped', async () => {
    const prefix = join(bench.dir, 'test-start');
    const started = run(['-f', 'runner/testing/lifecycle-users.ts', '-u', '1', '-t', '5s', '--csv', prefix], {
      ...fakeService,
      LIFECYCLE_SLOW_START_MS: '30000',
    });
    await printed(started, 'Watcher.testStart: waiting');
    const pid = Number(/\(pid (\d+)\)/.exec(started.stdout())?.[1]);
    services.add(pid);
    started.child.kill('SIGTERM');
    const { code, stdout, stderr } = await started.done;
    expect(stderr).toBe('');
    expect(code).toBe(143);
    expect(stdout).toContain('stopped early: SIGTERM during the testStart hooks (no load ran)\n');
    const summary = await expectEmptyRun(prefix, 143, 'SIGTERM', 'test-start');
    expect(summary.run.embeddedService).toBe(true);
    expect(alive(pid)).toBe(false);
  });
});

describe('a signal during the ramp-up', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s: exit %i, stoppedIn ramp-up, the users spawned so far in the summary',
    async (signal, exitCode) => {
      const prefix = join(bench.dir, `ramp-${signal}`);
      // 20 users at 0.5/s: the ramp lasts 40 s, far beyond the signal.
      const started = run([
        ...['-f', 'runner/testing/users', 'Shopper', '-u', '20', '-r', '0.5', '-t', '60s'],
        ...['-H', bench.target.url, '--csv', prefix],
      ]);
      await printed(started, 'journeys run:');
      started.child.kill(signal);
      const { code, stdout } = await started.done;
      expect(code).toBe(exitCode);
      expect(stdout).toContain(`stopped early: ${signal} during the ramp-up\n`);
      for (const suffix of PREFIX_FILES) expect(existsSync(prefix + suffix), suffix).toBe(true);
      const summary = await summaryOf(prefix);
      expect(summary.exitCode).toBe(exitCode);
      expect(summary.run.stoppedIn).toBe('ramp-up');
      expect(summary.run.usersSpawned.Shopper).toBeLessThan(20);
    },
  );

  it('a run to its end says it stopped at its load', async () => {
    const prefix = join(bench.dir, 'to-the-end');
    const { code } = await run([
      ...['-f', 'runner/testing/users', 'Shopper', '-u', '1', '-i', '2'],
      ...['-H', bench.target.url, '--csv', prefix],
    ]).done;
    expect(code).toBe(0);
    const summary = await summaryOf(prefix);
    expect(summary.run.stoppedBy).toBe('iterations');
    expect(summary.run.stoppedIn).toBe('load');
  });
});

describe('a project without the embedded service', () => {
  it('never says it is starting one before saying there is none: exit 2, one line', async () => {
    const { code, stdout, stderr } = await run(
      ['-f', 'runner/testing/users', 'Shopper', '-u', '1', '-i', '1'],
      {
        JOURNEYS_SERVICE_SCRIPT: join(bench.dir, 'no-such-service.ts'),
      },
    ).done;
    expect(code).toBe(2);
    expect(stdout).not.toContain('starting the embedded service');
    expect(stderr).toMatch(/^error: no target: no host was given and there is no embedded service to start/);
  });
});
