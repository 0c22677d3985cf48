/**
 * Locust's command line: no sub-command runs, `--locustfile` is `-f`, Locust-only flags get
 * one line naming ours, `--only-summary`, `--loglevel`, did-you-mean for a misspelt flag.
 * Real child processes of the CLI against a counting target on 127.0.0.1.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, journeys, printed, readSummary, startJourneys, users } from '../testing/cli-harness.ts';

const cli = cliBench('cli-locust');

describe('journeys as Locust users type it', () => {
  it('`journeys -u 2 -t 3s -H <server>` with no sub-command runs as `run` does', async () => {
    const prefix = join(cli.dir, 'bare');
    const args = ['-f', users, 'Shopper', '--threads', '1', '-u', '2', '-t', '3s', '-H', cli.target.url];
    const { code, stdout, stderr } = await journeys([...args, '--csv', prefix]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`journeys run: Shopper → ${cli.target.url}`);
    const summary = await readSummary(prefix);
    expect(summary.run.stoppedBy).toBe('duration');
    expect(summary.run.users).toBe(2);
    expect(cli.target.served.get('/items/7') ?? 0).toBeGreaterThan(0);
  });

  it('a misspelt flag exits 2 with a did-you-mean, in one line', async () => {
    const { code, stdout, stderr } = await journeys(['-u', '2', '--run-tim', '3s']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("error: unknown option '--run-tim' (Did you mean --run-time?)\n");
  });

  it('--locustfile is -f', async () => {
    const { code, stdout } = await journeys(['--locustfile', users, '--list']);
    expect(code).toBe(0);
    expect(stdout).toContain('Shopper');
  });

  it('--processes names our equivalent in one line, exit 2', async () => {
    const processes = await journeys(['--processes', '4', '-u', '2']);
    expect(processes.code).toBe(2);
    expect(processes.stderr).toBe(
      'error: --processes is Locust’s way to use several cores — use --threads 4 (worker threads in one process; default: cores minus one)\n',
    );
  });

  it('--loglevel takes Locust’s level names; a misspelt one gets a did-you-mean', async () => {
    const { code, stderr } = await journeys(['-L', 'WARNNG']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --loglevel: unknown level "WARNNG" — did you mean WARNING?\n');
  });

  it('--only-summary -L ERROR: no progress lines or messages, the summary and the exit line', async () => {
    const args = cli.local(`Shopper -u 2 -r 2 -t 6s --csv ${join(cli.dir, 'quiet')} --only-summary -L ERROR`);
    const quiet = await journeys(args);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toMatch(/^\[\d/m);
    expect(quiet.stdout).not.toContain('All users spawned');
    expect(quiet.stdout).toContain('Aggregated');
    expect(quiet.stdout).toContain('exit 0:');
    const loud = await journeys(cli.local(`Shopper -u 2 -r 2 -t 6s --csv ${join(cli.dir, 'loud')}`));
    expect(loud.stdout).toContain('All users spawned');
  });

  it('a run with no duration says once that it runs until Ctrl-C', async () => {
    const started = startJourneys(cli.local(`Shopper -u 1 --csv ${join(cli.dir, 'endless')}`));
    await printed(started, 'journeys run:');
    await printed(started, 'runs until Ctrl-C');
    started.child.kill('SIGINT');
    const { code, stdout } = await started.done;
    expect(code).toBe(130);
    expect(stdout.split('runs until Ctrl-C').length - 1).toBe(1);
  });
});
