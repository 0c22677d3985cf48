/**
 * `journeys run` from start to exit, as a terminal sees it: real child processes of
 * `node runner/bin.js` in their own process group (Ctrl-C reaches the whole group), the
 * stand-in embedded service (runner/testing/fake-service.ts) or a real HTTP target on
 * 127.0.0.1 port 0. "Nothing is lost": every path ends with the reports written, or
 * with one line saying why, and never leaves the service running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cliBench,
  PREFIX_FILES,
  printed,
  readSummary,
  type Started,
  startJourneys,
  waitFor,
} from '../testing/cli-harness.ts';

const watcher = 'runner/testing/lifecycle-users.ts';
const shop = 'runner/testing/users';
/** The stand-in service; SIGINT kills it, as Ctrl-C kills the real one. */
const service = { JOURNEYS_SERVICE_SCRIPT: 'runner/testing/fake-service.ts' };

const bench = cliBench('lifecycle');

/** Services the runs started: a failing test must not leave one behind either. */
const services = new Set<number>();

afterAll(() => {
  for (const pid of services) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** `journeys run` on one thread in its own process group (`detached`), as a shell starts a foreground job. */
function run(args: string[], env: Record<string, string> = {}): Started {
  return startJourneys(['run', '--threads', '1', ...args], { env, detached: true });
}

/** Ctrl-C in a terminal: SIGINT to every process of the foreground group. */
function ctrlC(started: Started): void {
  process.kill(-(started.child.pid ?? 0), 'SIGINT');
}

/** Whether the process still runs (a zombie waiting for its parent counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function servicePid(stdout: string): number {
  const pid = Number(/embedded service started at http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(stdout)?.[1]);
  expect(pid, 'the pid of the embedded service').toBeGreaterThan(0);
  services.add(pid);
  return pid;
}

describe('Ctrl-C with the embedded service', () => {
  it('keeps the service up for the invariants, writes every report, exits 130, then stops it', async () => {
    const prefix = join(bench.dir, 'ctrl-c');
    const started = run(['-f', watcher, '-u', '4', '-r', '4', '-t', '40s', '--csv', prefix], service);
    await printed(started, 'journeys run:');
    await new Promise((resolve) => setTimeout(resolve, 300));
    ctrlC(started);
    const { code, stdout, stderr } = await started.done;
    expect(stderr).toBe('');
    expect(code).toBe(130);
    for (const suffix of PREFIX_FILES) expect(existsSync(prefix + suffix), suffix).toBe(true);
    expect(stdout).toContain('invariant target-alive: PASS (GET /health 200)\n');
    expect(stdout).toContain('stopped early: SIGINT');
    const summary = await readSummary(prefix);
    expect(summary.invariants).toEqual([{ name: 'target-alive', pass: true, message: 'GET /health 200' }]);
    expect(summary.exitCode).toBe(130);
    expect(alive(servicePid(stdout))).toBe(false);
  });

  it('says the run was interrupted while the service was starting, writes it, exits 130 and stops it', async () => {
    const pidFile = join(bench.dir, 'starting.pid');
    const started = run(['-f', watcher, '-u', '1', '-t', '5s', '--csv', join(bench.dir, 'starting')], {
      ...service,
      FAKE_SERVICE_READY_DELAY_MS: '20000',
      FAKE_SERVICE_PID_FILE: pidFile,
    });
    // Printed at once, before the service is ready.
    await printed(started, 'starting the embedded service (PGlite in memory)…\n');
    await waitFor(
      () => existsSync(pidFile),
      () => `no ${pidFile}`,
    );
    ctrlC(started);
    const { code, stdout, stderr } = await started.done;
    expect(code).toBe(130);
    // Stopped before its load, the run is still written out (stop-phases.test.ts has each phase).
    expect(stdout).toMatch(
      /^starting the embedded service \(PGlite in memory\)…\nstopped early: SIGINT while the embedded service was starting \(no load ran\)\nresults: .*\nexit 130: stopped by SIGINT\n$/,
    );
    expect(stderr).toBe('');
    expect((await readSummary(join(bench.dir, 'starting'))).run.stoppedIn).toBe('service-start');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(pid).toBeGreaterThan(0);
    services.add(pid);
    expect(alive(pid)).toBe(false);
  });

  it('a second Ctrl-C exits at once and still stops the service', async () => {
    const started = run(['-f', watcher, '-u', '1', '-t', '40s', '--csv', join(bench.dir, 'twice')], {
      ...service,
      LIFECYCLE_SLOW_STOP_MS: '20000',
    });
    await printed(started, 'journeys run:');
    const pid = servicePid(started.stdout());
    // The first reaches the whole group; the second only the runner (the service must not need it).
    ctrlC(started);
    await printed(started, 'Watcher.testStop: waiting');
    process.kill(started.child.pid ?? 0, 'SIGINT');
    const { code } = await started.done;
    expect(code).toBe(130);
    expect(alive(pid)).toBe(false);
  });

  it('an uncaught exception in the runner still stops the service', async () => {
    const started = run(['-f', watcher, '-u', '1', '-t', '40s', '--csv', join(bench.dir, 'uncaught')], {
      ...service,
      LIFECYCLE_UNCAUGHT: '1',
    });
    const { code, stdout, stderr } = await started.done;
    expect(stderr).toContain('uncaught on purpose');
    expect(code).not.toBe(0);
    expect(alive(servicePid(stdout))).toBe(false);
  });
});

describe('failing end hooks', () => {
  it('record a failing invariant per hook in one line, write every file and exit 1', async () => {
    const prefix = join(bench.dir, 'hooks-fail');
    const args = ['-f', watcher, '-u', '1', '-i', '2', '-H', bench.target.url, '--csv', prefix];
    const stop = await run(args, { LIFECYCLE_THROW: 'testStop' }).done;
    expect(stop.stderr).toBe('');
    expect(stop.code).toBe(1);
    expect(stop.stdout).toContain(
      'invariant Watcher.testStop: FAIL (hook failed: cleanup endpoint missing)\n',
    );
    // testStop failing does not skip the invariants.
    expect(stop.stdout).toContain('invariant target-alive: PASS (GET /health 200)\n');
    for (const suffix of PREFIX_FILES) expect(existsSync(prefix + suffix), suffix).toBe(true);
    expect((await readSummary(prefix)).invariants).toEqual([
      { name: 'Watcher.testStop', pass: false, message: 'hook failed: cleanup endpoint missing' },
      { name: 'target-alive', pass: true, message: 'GET /health 200' },
    ]);

    const invariants = await run(args, { LIFECYCLE_THROW: 'invariants' }).done;
    expect(invariants.code).toBe(1);
    expect(invariants.stdout).toContain(
      'invariant Watcher.invariants: FAIL (hook failed: stock endpoint missing at line two)\n',
    );
    expect((await readSummary(prefix)).exitCode).toBe(1);
  });
});

describe('output paths', () => {
  it('a path that cannot be written fails before any user starts: exit 2, one line', async () => {
    const file = join(bench.dir, 'afile');
    await writeFile(file, 'not a folder');
    const base = ['-f', shop, 'Shopper', '-u', '1', '-i', '2', '-H', bench.target.url];
    const csv = await run([...base, '--csv', join(file, 'r')]).done;
    expect(csv.code).toBe(2);
    expect(csv.stderr).toBe(`error: --csv ${join(file, 'r')}: ${file} is a file, not a folder\n`);
    const html = await run([...base, '--csv', join(bench.dir, 'ok'), '--html', join(file, 'r.html')]).done;
    expect(html.code).toBe(2);
    expect(html.stderr).toBe(`error: --html ${join(file, 'r.html')}: ${file} is a file, not a folder\n`);
    expect(bench.target.received.size).toBe(0);
    expect(existsSync(join(bench.dir, 'ok_stats.csv'))).toBe(false);
  });

  it('a file that still fails at the end: summary first, one line naming it, the others written, exit 1', async () => {
    const prefix = join(bench.dir, 'blocked');
    await mkdir(`${prefix}_stats.csv`);
    const { code, stdout, stderr } = await run([
      '-f',
      shop,
      'Shopper',
      '-u',
      '1',
      '-i',
      '2',
      '-H',
      bench.target.url,
      '--csv',
      prefix,
    ]).done;
    expect(code).toBe(1);
    expect(stderr).toBe(`error: could not write ${prefix}_stats.csv: it is a folder (EISDIR)\n`);
    expect(stdout.indexOf(' Aggregated ')).toBeGreaterThan(0);
    expect(stdout.indexOf(' Aggregated ')).toBeLessThan(stdout.indexOf('results:'));
    expect(stdout).toContain(`results: ${prefix}_*  (7 files); report: ${prefix}_report.html\n`);
    // The last line gives the exit code and why.
    expect(stdout.endsWith('exit 1: 1 result file not written\n')).toBe(true);
    for (const suffix of PREFIX_FILES.filter((suffix) => suffix !== '_stats.csv')) {
      expect(existsSync(prefix + suffix), suffix).toBe(true);
    }
  });

  it('counts only PREFIX_* files and names the --html and --junit copies apart', async () => {
    const prefix = join(bench.dir, 'copies');
    const html = join(bench.dir, 'elsewhere', 'report.html');
    const junit = join(bench.dir, 'elsewhere', 'junit.xml');
    const { code, stdout } = await run([
      ...['-f', shop, 'Shopper', '-u', '1', '-i', '2', '-H', bench.target.url, '--csv', prefix],
      ...['--html', html, '--junit', junit],
    ]).done;
    expect(code).toBe(0);
    expect(stdout).toContain(`results: ${prefix}_*  (8 files); also: ${html}, ${junit}; report: ${html}\n`);
  });
});

describe('a closed stdout', () => {
  it('(EPIPE, as `| head -1`) does not crash the run: files written, the right exit code', async () => {
    const prefix = join(bench.dir, 'epipe');
    const started = run(['-f', shop, 'Shopper', '-u', '1', '-t', '1s', '--csv', prefix], service);
    // Like `head -1`: read the first chunk, then close the pipe; the next line comes once the service is up.
    started.child.stdout?.once('data', () => started.child.stdout?.destroy());
    const { code, stderr } = await started.done;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect((await readSummary(prefix)).exitCode).toBe(0);
    for (const suffix of PREFIX_FILES) expect(existsSync(prefix + suffix), suffix).toBe(true);
  });
});
