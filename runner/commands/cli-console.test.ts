/**
 * What `journeys run` prints: the error report, the exceptions, why it exits as it does,
 * and the habits Locust and k6 users bring. Real child processes of the CLI against a
 * counting target (runner/testing/cli-harness.ts).
 */
import { type AddressInfo, createServer as createTcpServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys, summaryOf, users } from '../testing/cli-harness.ts';

/** `Sloppy` (a step throws a TypeError) and `Stuck` (waits 3 s on `/slow`). */
const troubled = 'runner/testing/troubled-users.ts';
const cli = cliBench('cli-console');

describe('journeys run — the console says what went wrong', () => {
  it('prints the error report and the exceptions, and why it exits 1', async () => {
    const prefix = join(cli.dir, 'troubled');
    const { code, stdout, stderr } = await journeys([
      ...cli.local(`Sloppy Breaker -u 2 -r 100 -i 6 --csv ${prefix}`),
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
        `^ +${exceptions} \\| TypeError: Cannot read properties of undefined \\(reading '0'\\) \\| Typo\\.readMissing \\(runner/testing/troubled-users\\.ts:17\\)$`,
        'm',
      ),
    );
  });

  it('says what --exit-code-on-error 0 tolerated', async () => {
    const { code, stdout } = await journeys([
      ...cli.local(`Sloppy -u 1 -i 2 --csv ${join(cli.dir, 'tolerated')} --exit-code-on-error 0`),
      '-f',
      troubled,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('exit 0: 2 exceptions tolerated (--exit-code-on-error 0)\n');
  });

  it('says exit 0 and nothing failed on a clean run', async () => {
    const { code, stdout } = await journeys(cli.local(`Shopper -u 1 -i 1 --csv ${join(cli.dir, 'clean')}`));
    expect(code).toBe(0);
    expect(stdout).toContain('exit 0: no failed requests or exceptions\n');
  });

  it('warns and exits 1 when no request completed', async () => {
    const prefix = join(cli.dir, 'stuck');
    const { code, stdout } = await journeys([
      ...['run', '-f', troubled, 'Stuck', '-u', '1', '-t', '1s'],
      ...['--threads', '1', '-H', cli.target.url, '--csv', prefix],
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

describe('journeys run — Locust and k6 habits', () => {
  it('accepts --headless (always headless) and lists the user classes with -l', async () => {
    const { code, stdout } = await journeys(
      cli.local(`Shopper -u 1 -i 1 --headless --csv ${join(cli.dir, 'headless')}`),
    );
    expect(code).toBe(0);
    expect(cli.target.served.get('/items/7')).toBe(1);
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
      ...cli.local('Shopper -u 1 -i 1'),
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
    expect(cli.target.served.size).toBe(0);
  });
});
