/**
 * `journeys` end to end: real child processes of `node runner/bin.ts` (the same Node 24
 * as the tests), a real HTTP target on 127.0.0.1 port 0, the tiny user modules and
 * profiles under runner/testdata/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTargetServer, type TargetServer } from './testdata/target-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const users = 'runner/testdata/users';
const fakeService = 'runner/testdata/fake-service.ts';
/** `Sloppy` (a step throws a TypeError) and `Stuck` (waits 3 s on `/slow`). */
const troubled = 'runner/testdata/troubled-users.ts';

let server: Server;
let host: string;
/** Requests the target answered, by path. */
const served = new Map<string, number>();
/** When set, `/items/7` answers 500 too (a run that got worse, for `report compare`). */
let failItems = false;
let dir: string;
/** A target with `/slow?ms=N` for the open model's runs. */
let slowTarget: TargetServer;

beforeAll(async () => {
  slowTarget = await startTargetServer();
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const path = request.url ?? '/';
      served.set(path, (served.get(path) ?? 0) + 1);
      response
        .writeHead(path === '/fail' || (failItems && path === '/items/7') ? 500 : 200, {
          'content-type': 'application/json',
        })
        .end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(join(tmpdir(), 'journeys-cli-'));
});

afterAll(async () => {
  await slowTarget.close();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  served.clear();
  failItems = false;
});

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, ['runner/bin.ts', ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** `journeys run` of the test users against the test target on one worker thread; `words` split on spaces. */
function local(words: string): string[] {
  return ['run', '-f', users, '--threads', '1', '-H', host, ...words.trim().split(/\s+/)];
}

function journeys(args: string[], env?: Record<string, string>): Promise<Finished> {
  return start(args, env).done;
}

/** Rows of a CSV file (no quoted commas in what these tests read). */
async function csv(path: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path, 'utf8')).trim().split(/\r?\n/);
  const columns = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(columns.map((column, i) => [column, cells[i]]));
  });
}

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Reads a run's summary.json and checks it against the stats' published schema. */
async function summaryOf(prefix: string) {
  const summary = JSON.parse(await readFile(`${prefix}_summary.json`, 'utf8'));
  const schema = JSON.parse(await readFile(join(root, 'runner/stats/summary.schema.json'), 'utf8'));
  const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
  expect(validate(summary), JSON.stringify(validate.errors)).toBe(true);
  return summary;
}

function row(rows: Record<string, string>[], name: string): Record<string, string> | undefined {
  return rows.find((r) => r.Name === name);
}

describe('journeys --version', () => {
  it('prints the runner and Node versions', async () => {
    const { code, stdout } = await journeys(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^journeys 0\.1\.0 \(node v24\.\d+\.\d+\)\n$/);
  });
});

describe('journeys run', () => {
  it('runs an iteration-bounded load and writes every CSV with exact counts', async () => {
    const prefix = join(dir, 'exact');
    const { code, stdout, stderr } = await journeys(local(`Shopper -u 2 -r 10 -i 10 --csv ${prefix}`));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const suffix of [
      '_stats.csv',
      '_stats_history.csv',
      '_failures.csv',
      '_exceptions.csv',
      '_journeys.csv',
      '_raw.json',
      '_summary.json',
    ]) {
      expect(existsSync(prefix + suffix), suffix).toBe(true);
    }
    const stats = await csv(`${prefix}_stats.csv`);
    expect(row(stats, '/')?.['Request Count']).toBe('10');
    expect(row(stats, '/items/{id}')?.['Request Count']).toBe('10');
    expect(row(stats, 'Aggregated')?.['Request Count']).toBe('20');
    expect(row(stats, 'Aggregated')?.['Failure Count']).toBe('0');
    // One more GET / than the journeys sent: the start-up probe of the target.
    expect(served.get('/')).toBe(11);
    expect(served.get('/items/7')).toBe(10);
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
    const base = local('Breaker -u 1 -i 3');
    const failed = await journeys([...base, '--csv', join(dir, 'fail')]);
    expect(failed.code).toBe(1);
    const failures = await csv(join(dir, 'fail_failures.csv'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ Method: 'GET', Name: '/fail', Occurrences: '3' });
    expect(failures[0].Error).toContain('HTTP 500');
    const tolerated = await journeys([...base, '--csv', join(dir, 'fail0'), '--exit-code-on-error', '0']);
    expect(tolerated.code).toBe(0);
  });

  it('stops early when an abort threshold fails, still writing the reports', async () => {
    const prefix = join(dir, 'aborted');
    const { code, stdout } = await journeys(
      local(
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
    const base = local('Racer -u 1 -i 2');
    const pass = await journeys([...base, '--csv', join(dir, 'inv')]);
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('invariant no-oversell: PASS (reserved 10 of 10, available 0)\n');
    expect(served.get('/setup')).toBe(1);
    expect(served.get('/items/item-10/reserve')).toBe(2);
    const fail = await journeys([...base, '--csv', join(dir, 'inv-fail')], { RACE_BREAK_INVARIANT: '1' });
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('invariant no-oversell: FAIL (reserved 11 of 10)\n');
    const summary = await summaryOf(join(dir, 'inv-fail'));
    expect(summary.invariants).toEqual([{ name: 'no-oversell', pass: false, message: 'reserved 11 of 10' }]);
  });

  it('follows stages: the history shows the user count change', async () => {
    const profile = join(dir, 'staged.yaml');
    await writeFile(
      profile,
      [
        'name: staged',
        'stages:',
        '  - { duration: 2s, users: 1, spawn_rate: 10 }',
        '  - { duration: 2s, users: 3, spawn_rate: 10 }',
      ].join('\n'),
    );
    const prefix = join(dir, 'staged');
    const { code, stdout, stderr } = await journeys([
      'run',
      '--profile',
      profile,
      '-f',
      users,
      'Shopper',
      '--threads',
      '1',
      '-H',
      host,
      '--csv',
      prefix,
    ]);
    expect(code, stdout + stderr).toBe(0);
    const counts = new Set((await csv(`${prefix}_stats_history.csv`)).map((r) => r['User Count']));
    expect(counts).toContain('1');
    expect(counts).toContain('3');
  });

  it('stops on SIGINT with exit 130 and still writes every report', async () => {
    const prefix = join(dir, 'interrupted');
    const { child, done } = start(local(`Shopper -u 2 -r 10 -t 60s --csv ${prefix}`));
    // Interrupt once requests are flowing.
    while (!served.get('/items/7')) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const { code, stdout } = await done;
    expect(code).toBe(130);
    expect(stdout).toContain('stopped early: SIGINT');
    const files = await readdir(dir);
    for (const suffix of [
      '_stats.csv',
      '_stats_history.csv',
      '_failures.csv',
      '_exceptions.csv',
      '_journeys.csv',
    ]) {
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
    const prefix = join(dir, 'embedded');
    const { code, stdout } = await journeys(
      ['run', '-f', users, 'Shopper', '-u', '1', '-i', '2', '--threads', '1', '--csv', prefix],
      { JOURNEYS_SERVICE_SCRIPT: fakeService },
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
    const resultsDir = join(dir, 'results');
    const { code } = await journeys(local(`Shopper -u 1 -i 1 --results-dir ${resultsDir}`));
    expect(code).toBe(0);
    const [folder] = await readdir(resultsDir);
    expect(folder).toMatch(/^run-\d{8}-\d{6}$/);
    expect(await readdir(join(resultsDir, folder))).toContain('run_stats.csv');
  });
});

describe('journeys run — the console says what went wrong', () => {
  it('prints the error report and the exceptions, and why it exits 1', async () => {
    const prefix = join(dir, 'troubled');
    const { code, stdout, stderr } = await journeys([
      ...local(`Sloppy Breaker -u 2 -r 100 -i 6 --csv ${prefix}`),
      '-f',
      troubled,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const summary = await summaryOf(prefix);
    const failures = summary.totals.failures;
    const exceptions = summary.exceptions[0].count;
    // Each journey ends with exactly one failed request (Breaker) or one exception (Sloppy).
    expect(failures + exceptions).toBe(6);
    expect(stdout).toContain(
      `exit 1: ${failures} failed request${failures === 1 ? '' : 's'}, ${exceptions} exception${exceptions === 1 ? '' : 's'}\n`,
    );
    expect(stdout).toMatch(/^Error report\n# occurrences \| Error\n/m);
    expect(stdout).toMatch(new RegExp(`^ +${failures} \\| GET /fail: HTTP 500`, 'm'));
    expect(stdout).toContain(`Exceptions (${exceptions} raised by user code; details in _exceptions.csv)`);
    expect(stdout).toMatch(
      new RegExp(
        `^ +${exceptions} \\| TypeError: Cannot read properties of undefined \\(reading '0'\\) \\| Typo\\.readMissing \\(runner/testdata/troubled-users\\.ts:17\\)$`,
        'm',
      ),
    );
  });

  it('says what --exit-code-on-error 0 tolerated', async () => {
    const { code, stdout } = await journeys([
      ...local(`Sloppy -u 1 -i 2 --csv ${join(dir, 'tolerated')} --exit-code-on-error 0`),
      '-f',
      troubled,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('exit 0: 2 exceptions tolerated (--exit-code-on-error 0)\n');
  });

  it('says exit 0 and nothing failed on a clean run', async () => {
    const { code, stdout } = await journeys(local(`Shopper -u 1 -i 1 --csv ${join(dir, 'clean')}`));
    expect(code).toBe(0);
    expect(stdout).toContain('exit 0: no failed requests or exceptions\n');
  });

  it('warns and exits 1 when no request completed', async () => {
    const prefix = join(dir, 'stuck');
    const { code, stdout } = await journeys([
      'run',
      '-f',
      troubled,
      'Stuck',
      '-u',
      '1',
      '-t',
      '1s',
      '--threads',
      '1',
      '-H',
      slowTarget.url,
      '--csv',
      prefix,
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^warning: no request completed: /m);
    expect(stdout).toContain('exit 1: no request completed\n');
    const summary = await summaryOf(prefix);
    expect(summary).toMatchObject({ totals: { requests: 0 }, exitCode: 1 });
  });

  it('exit 3 when the target accepts the connection but never answers HTTP', {
    timeout: 15_000,
  }, async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const { code, stdout, stderr } = await journeys(['run', '-f', users, 'Shopper', '-H', target]);
      expect(code).toBe(3);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `error: target ${target} is unreachable: it accepted the connection but sent no HTTP response within 5 s (--host) — check that an HTTP server listens there (the right port; http or https)\n`,
      );
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('journeys run — open model', () => {
  const arrivalUsers = 'runner/testdata/arrival-users.ts';

  it('starts R×D journeys at the rate on a slow target, timing them from their intended start', async () => {
    const prefix = join(dir, 'open');
    const slowBefore = slowTarget.served.get('/slow') ?? 0;
    const { code, stdout, stderr } = await journeys([
      'run',
      '-f',
      arrivalUsers,
      'Visitor',
      '--arrival-rate',
      '20',
      '-t',
      '2s',
      '--threads',
      '2',
      '-H',
      slowTarget.url,
      '--csv',
      prefix,
      '--stop-timeout',
      '3s',
      '--threshold',
      'SlowVisit: journey_min>=300ms',
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
    expect((slowTarget.served.get('/slow') ?? 0) - slowBefore).toBe(arrivals.started);
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
    const profile = join(dir, 'open-staged.yaml');
    await writeFile(
      profile,
      [
        'name: open-staged',
        'max_users: 3',
        'stages:',
        '  - { duration: 1s, arrival_rate: 10 }',
        '  - { duration: 1s, arrival_rate: 10 }',
      ].join('\n'),
    );
    const prefix = join(dir, 'open-staged');
    const { code, stdout, stderr } = await journeys([
      'run',
      '--profile',
      profile,
      '-f',
      arrivalUsers,
      'StalledVisitor',
      '--threads',
      '1',
      '-H',
      slowTarget.url,
      '--csv',
      prefix,
      '--stop-timeout',
      '2s',
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
    const prefix = join(dir, 'open-iterations');
    const { code, stdout } = await journeys([
      'run',
      '-f',
      users,
      'Racer',
      '--arrival-rate',
      '50',
      '-i',
      '4',
      '--threads',
      '2',
      '-H',
      host,
      '--csv',
      prefix,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('invariant no-oversell: PASS (reserved 10 of 10, available 0)\n');
    expect(served.get('/setup')).toBe(1);
    expect(served.get('/items/item-10/reserve')).toBe(4);
    const summary = await summaryOf(prefix);
    expect(summary.run.stoppedBy).toBe('iterations');
    expect(summary.arrivals.started).toBe(4);
    expect(summary.totals.journeys).toBe(4);
  });

  it('stops on SIGINT with exit 130 and still writes every report', async () => {
    const prefix = join(dir, 'open-interrupted');
    const { child, done } = start([
      'run',
      '-f',
      users,
      'Shopper',
      '--arrival-rate',
      '20',
      '-t',
      '60s',
      '--threads',
      '1',
      '-H',
      host,
      '--csv',
      prefix,
    ]);
    while (!served.get('/items/7')) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGINT');
    const { code, stdout } = await done;
    expect(code).toBe(130);
    expect(stdout).toContain('stopped early: SIGINT');
    const summary = await summaryOf(prefix);
    expect(summary.arrivals.started).toBeGreaterThan(0);
    expect(existsSync(`${prefix}_arrivals.csv`)).toBe(true);
  });

  it('exit 2 for bad open-model fields, one line each naming file, line and field', async () => {
    const profile = join(dir, 'bad-open.yaml');
    await writeFile(
      profile,
      [
        'name: bad-open',
        'stages:',
        '  - { duration: 1s, arrival_rate: 5 }',
        '  - { duration: 1s, users: 2 }',
        'max_users: many',
      ].join('\n'),
    );
    const { code, stderr } = await journeys(['run', '--profile', profile, '-H', host]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `error: ${profile}:4: stages[1]: sets users but stages[0] sets arrival_rate: a run is either closed (users) or open (arrival_rate)`,
      `error: ${profile}:5: max_users: must be an integer (got "many")`,
    ]);
    const flags = await journeys(['run', '--arrival-rate', 'fast', '-u', '2', '-H', host]);
    expect(flags.code).toBe(2);
    expect(flags.stderr).toContain('error: --arrival-rate: must be a number greater than 0, got "fast"');
    expect(flags.stderr).toContain('error: --arrival-rate: cannot be combined with --users or --spawn-rate');
  });
});

describe('journeys run — mistakes end in one line', () => {
  it('exit 2 for an unknown user class', async () => {
    const { code, stderr } = await journeys(local('Shoper'));
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: unknown user class "Shoper" \(.*testdata\/users\) — did you mean Shopper\?/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exit 2 for an unknown flag or a bad value', async () => {
    const unknown = await journeys(['run', '--userz', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option '--userz'/);
    const bad = await journeys(['run', '-u', 'many', '-t', '5x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --users: must be a positive integer, got "many"');
    expect(bad.stderr).toContain('error: --run-time: "5x" is not a duration');
  });

  it('exit 2 for a bad profile, naming file, line and field', async () => {
    const profile = join(dir, 'bad.yaml');
    await writeFile(profile, 'name: bad\nusers: lots\nspwan_rate: 2\n');
    const { code, stderr } = await journeys(['run', '--profile', profile, '-H', host]);
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((line) => line.startsWith(`error: ${profile}:`))).toBe(true);
    expect(stderr).toMatch(/bad\.yaml:2: users/);
    expect(stderr).toMatch(/bad\.yaml:3: .*spwan_rate/);
  });

  it('exit 3 when the target does not answer', async () => {
    const { code, stderr } = await journeys(['run', '-f', users, 'Shopper', '-H', 'http://127.0.0.1:1']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: target http:\/\/127\.0\.0\.1:1 is unreachable: ECONNREFUSED/);
  });
});

describe('journeys run — which classes got users', () => {
  it('says once which classes got users when the ramp is done, and keeps it in summary.json', async () => {
    const prefix = join(dir, 'spawned');
    const { code, stdout } = await journeys(
      local(`-u 2 -r 100 -t 1s --csv ${prefix} --exit-code-on-error 0`),
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
      local(`Shopper -u 5 -r 0.2 -i 2 --csv ${join(dir, 'short-ramp')}`),
    );
    expect(code).toBe(0);
    expect(stdout).toContain(
      'Users spawned at the stop: {"Shopper": 1} (1 total users); the ramp to 5 did not finish\n',
    );
    expect(stdout).not.toContain('All users spawned');
  });
});

describe('journeys run — Locust and k6 habits', () => {
  it('accepts --headless (always headless) and lists the user classes with -l', async () => {
    const { code, stdout } = await journeys(
      local(`Shopper -u 1 -i 1 --headless --csv ${join(dir, 'headless')}`),
    );
    expect(code).toBe(0);
    expect(served.get('/items/7')).toBe(1);
    expect(stdout).toContain('exit 0: no failed requests or exceptions\n');
    const listed = await journeys(['run', '-l', '-f', users]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^User classes\n/);
    expect(listed.stdout).toMatch(/^Shopper +weight 1 +constant 0\.02 s/m);
    expect(listed.stdout).toMatch(/^ {2}Reserve +weight 1 +1 step +tags race$/m);
    expect(listed.stdout).not.toContain('Profiles');
    const long = await journeys(['run', '--list', '-f', users]);
    expect(long.stdout).toBe(listed.stdout);
  });

  it('maps a k6 threshold to ours when it is parsed (exit 2, nothing sent)', async () => {
    const { code, stderr } = await journeys([
      ...local('Shopper -u 1 -i 1'),
      '--threshold',
      'http_req_duration: p(95)<500',
      '--threshold',
      'http_req_failed: rate<0.01',
    ]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      'error: --threshold: threshold "http_req_duration: p(95)<500": http_req_duration is k6\'s metric name: here write "p95<500"',
      'error: --threshold: threshold "http_req_failed: rate<0.01": http_req_failed is k6\'s metric name: here write "fail_ratio<0.01"',
    ]);
    expect(served.size).toBe(0);
  });
});

describe('journeys report compare', () => {
  it('takes --max-fail-increase as percentage points and says the limits in the closing line', async () => {
    const base = join(dir, 'compare-base');
    const next = join(dir, 'compare-new');
    expect((await journeys(local(`Shopper -u 1 -i 10 --csv ${base}/run`))).code).toBe(0);
    failItems = true;
    expect((await journeys(local(`Shopper -u 1 -i 10 --csv ${next}/run`))).code).toBe(1);
    // Latency and rps can never regress by 1000×: only the failure ratio decides.
    const compare = (limit: string) =>
      journeys([
        'report',
        'compare',
        base,
        next,
        '--max-regression',
        '100000%',
        '--max-fail-increase',
        limit,
      ]);

    const points = await compare('2pp');
    expect(points.code).toBe(1);
    // /items/{id}: 0 → 100% failures; Aggregated: 0 → 50%.
    expect(points.stdout).toMatch(
      /^GET \/items\/\{id\} .*0\.00 → 100\.00 \(\+100\.00 pp\).*REGRESSION: fail ratio \+100\.00 pp$/m,
    );
    expect(points.stdout).toContain(
      '\n2 row(s) regressed (limits: latency/rps 100000%, fail ratio +2.00 pp)\n',
    );
    const percent = await compare('60%');
    expect(percent.stdout).toContain(
      '\n1 row(s) regressed (limits: latency/rps 100000%, fail ratio +60.00 pp)\n',
    );
    const share = await compare('0.5');
    expect(share.stdout).toContain(
      '\n1 row(s) regressed (limits: latency/rps 100000%, fail ratio +50.00 pp)\n',
    );
    const lenient = await compare('100pp');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain(
      '\nno regression (limits: latency/rps 100000%, fail ratio +100.00 pp)\n',
    );

    const plain = await compare('1');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      "error: option '--max-fail-increase <pp>' argument '1' is invalid. a plain 1 is a share (1 = 100pp); for 1 percentage point write 1pp.\n",
    );
    const help = await journeys(['report', 'compare', '--help']);
    expect(help.stdout).toMatch(
      /--max-fail-increase <pp> +failure ratio up by more than this many percentage\n +points fails: 1pp, 0\.5pp, 1% \(= 1pp\) or a share 0\.01\n +\(default: 1pp\)/,
    );
  });
});

describe('journeys list and validate', () => {
  it('lists user classes with weights and waits, journeys with tags and steps', async () => {
    const { code, stdout } = await journeys(['list', '-f', users]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Shopper +weight 1 +constant 0\.02 s/m);
    expect(stdout).toMatch(/^ {2}Browse +weight 1 +2 steps/m);
    expect(stdout).toMatch(/^ {2}Breaks +weight 1 +2 steps +tags broken/m);
    expect(stdout).toContain('Profiles');
  });

  it('reports every problem of profiles and modules, one line each, exit 2', async () => {
    const good = join(dir, 'good.yaml');
    await writeFile(good, 'name: good\nusers: 2\nduration: 10s\n');
    const ok = await journeys(['validate', good, users]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok: 1 profile(s), 3 user class(es)\n');
    const bad = join(dir, 'broken.yaml');
    await writeFile(bad, 'name: broken\nduration: 10 minutes\nthresholds: ["p95 <> 3"]\n');
    const failed = await journeys(['validate', bad, join(dir, 'missing.ts')]);
    expect(failed.code).toBe(2);
    const lines = failed.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/broken\.yaml:2: .*duration/);
    expect(lines[1]).toMatch(/broken\.yaml:3: .*p95 <> 3/);
    expect(lines[2]).toMatch(/missing\.ts: no such file or folder/);
  });

  it('checks user_classes against the users module; run names every unknown class the same way', async () => {
    const profile = join(dir, 'classes.yaml');
    await writeFile(
      profile,
      [
        'name: classes',
        `users_module: ${users}`,
        'user_classes:',
        '  NoSuch: 1',
        '  shopper: 2',
        '  Racer: 1',
      ].join('\n'),
    );
    const expected = [
      `error: ${profile}:4: user_classes.NoSuch: unknown user class "NoSuch" in ${users} (\`journeys list\` shows the classes)`,
      `error: ${profile}:5: user_classes.shopper: unknown user class "shopper" in ${users} (did you mean "Shopper"?)`,
    ];
    const validated = await journeys(['validate', profile]);
    expect(validated.code).toBe(2);
    expect(validated.stderr.trim().split('\n')).toEqual(expected);
    const ran = await journeys(['run', '--profile', profile, '-H', host]);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim().split('\n')).toEqual(expected);
    expect(served.size).toBe(0);
  });

  it('names every unknown class given on the command line at once', async () => {
    const { code, stderr } = await journeys(local('Shoper Racr'));
    expect(code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^error: unknown user class "Shoper" \(.*testdata\/users\) — did you mean Shopper\?/,
    );
    expect(lines[1]).toMatch(
      /^error: unknown user class "Racr" \(.*testdata\/users\) — did you mean Racer\?/,
    );
  });
});

describe.skipIf(!existsSync(join(root, 'service/server.ts')))(
  'journeys run against the real embedded service',
  () => {
    it('starts service/server.ts on an ephemeral port with in-memory PGlite, and stops it', {
      timeout: 120_000,
    }, async () => {
      const prefix = join(dir, 'real');
      const { code, stdout, stderr } = await journeys([
        'run',
        '-f',
        'runner/testdata/service-users',
        '-u',
        '2',
        '-i',
        '6',
        '--threads',
        '1',
        '--csv',
        prefix,
      ]);
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
