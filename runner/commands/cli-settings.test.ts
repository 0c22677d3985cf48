/**
 * The command line made from the settings table, as a newcomer meets it: `--help` starts
 * with Locust's basics, every long flag gets a did-you-mean, a flag that needs another says
 * so (exit 2), and `--request-timeout` (Locust's `network_timeout`) reaches the HTTP client.
 * Real child processes of the CLI against a counting target on 127.0.0.1.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, csv, journeys } from '../testing/cli-harness.ts';

const cli = cliBench('cli-settings');

describe('the command line a newcomer meets', () => {
  it('`journeys --help` shows -u, -r, -t, -H and -f before the commands', async () => {
    const { code, stdout } = await journeys(['--help']);
    expect(code).toBe(0);
    const basics = ['-u, --users', '-r, --spawn-rate', '-t, --run-time', '-H, --host', '-f, --users-module'];
    const at = basics.map((flag) => stdout.indexOf(`\n  ${flag} `));
    expect(at.every((index) => index > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(at[at.length - 1]).toBeLessThan(stdout.indexOf('Commands:'));
  });

  it('`journeys run --help` lists the basics first', async () => {
    const { code, stdout } = await journeys(['run', '--help']);
    expect(code).toBe(0);
    const options = stdout
      .split('\n')
      .filter((line) => /^ {2}-/.test(line))
      .map((line) => line.trim().split(/[ ,]/)[0]);
    expect(options.slice(0, 5)).toEqual(['-u', '-r', '-t', '-H', '-f']);
    expect(stdout).toContain('--request-timeout <duration>');
  });

  it.each([
    ['--headles', '--headless'],
    ['--locustfil', '--locustfile'],
    ['--request-timout', '--request-timeout'],
    ['--web-prot', '--web-port'],
  ])('%s gets a did-you-mean for %s, in one line, exit 2', async (typo, meant) => {
    const { code, stdout, stderr } = await journeys(['-u', '1', typo]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: unknown option '${typo}' (Did you mean ${meant}?)\n`);
  });

  it('a web flag without --web says it needs --web, exit 2, before anything runs', async () => {
    const { code, stdout, stderr } = await journeys(cli.local('-u 1 -t 1s --web-port 9000 --autostart'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: --web-port: needs --web (it changes nothing without it) — add --web\n' +
        'error: --autostart: needs --web (it changes nothing without it) — add --web\n',
    );
    expect(cli.target.served.size).toBe(0);
  });

  it('a bad value of a command-line-only flag names the flag and the value, exit 2', async () => {
    const { code, stderr } = await journeys(['web', '--web-port', '70000']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --web-port: must be a port number from 0 to 65535, got "70000"\n');
  });

  it('--request-timeout fails a request the target does not answer in time', async () => {
    const prefix = join(cli.dir, 'timeout');
    const args = ['-f', 'runner/testing/troubled-users.ts', 'Stuck', '--threads', '1', '-u', '1'];
    const { code, stderr } = await journeys([
      ...args,
      ...['-t', '3s', '-H', cli.target.url, '--request-timeout', '0.3s', '--csv', prefix],
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const failures = await csv(`${prefix}_failures.csv`);
    expect(failures.map((failure) => [failure.Name, failure.Error])).toEqual([
      ['slow', 'UND_ERR_HEADERS_TIMEOUT'],
    ]);
    expect(Number(failures[0].Occurrences)).toBeGreaterThanOrEqual(2);
  });
});
