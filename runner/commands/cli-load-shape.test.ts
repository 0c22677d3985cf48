/**
 * Load shapes in code (`LoadShape`, as Locust's LoadTestShape): real `journeys run` child
 * processes against the counting target on 127.0.0.1 (runner/testing/cli-harness.ts).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, csv, journeys, summaryOf } from '../testing/cli-harness.ts';

const cli = cliBench('cli-load-shape');
const oneShape = 'runner/testing/shapes/one-shape.ts';
const manyShapes = 'runner/testing/shapes/many-shapes.ts';

describe('journeys run — load shapes in code', () => {
  it('follows the one shape a users module exports: 1, 2, 3 users, and ends when it returns null', async () => {
    const prefix = join(cli.dir, 'one');
    const { code, stdout, stderr } = await journeys([
      ...['run', '-f', oneShape, '-H', cli.target.url, '--threads', '1', '--csv', prefix, '-t', '30s'],
      // Journeys in flight at the end finish and count, so the target's count matches exactly.
      ...['--stop-timeout', '5s'],
    ]);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    expect(stdout).toContain('load shape StepUp');
    const summary = await summaryOf(prefix);
    expect(summary.run).toMatchObject({ loadModel: 'shape', shape: 'StepUp', usersSpawned: { Pinger: 3 } });
    // The shape ended the run at 3 s, long before -t 30s.
    expect(summary.totals.requests).toBeGreaterThan(0);
    expect(summary.run.durationSeconds).toBe(30);
    const history = await csv(`${prefix}_stats_history.csv`);
    const users = history.map((row) => Number(row['User Count']));
    expect(Math.max(...users)).toBe(3);
    expect(history.length).toBeLessThanOrEqual(6);
    expect(cli.target.served.get('/ok')).toBe(summary.totals.requests);
  });

  it('--shape picks one of several; an arrival rate runs the open model', async () => {
    const prefix = join(cli.dir, 'burst');
    const { code, stdout, stderr } = await journeys([
      ...['run', '-f', manyShapes, '--shape', 'ArrivalBurst', '-H', cli.target.url],
      ...['--threads', '2', '--csv', prefix, '-t', '30s', '--stop-timeout', '5s'],
    ]);
    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    const summary = await summaryOf(prefix);
    expect(summary.run).toMatchObject({ loadModel: 'shape', shape: 'ArrivalBurst', maxUsers: 20 });
    // 10/s until the tick at 2 s said null. Ticks come about once a second and the stop reaches
    // the threads a moment later, so a few more are due on a busy machine; never fewer.
    expect(summary.arrivals.scheduled).toBeGreaterThanOrEqual(20);
    expect(summary.arrivals.scheduled).toBeLessThan(40);
    expect(summary.arrivals.started + summary.arrivals.dropped).toBe(summary.arrivals.scheduled);
    expect(summary.arrivals.started).toBe(summary.totals.requests);
    expect(summary.run.usersSpawned).toBeUndefined();
  });

  it('hands the shape the live statistics of the last window', async () => {
    const prefix = join(cli.dir, 'measured');
    const { code, stdout } = await journeys([
      ...['run', '-f', manyShapes, '--shape', 'UntilMeasured', '-H', cli.target.url],
      ...['--threads', '1', '--csv', prefix, '-t', '60s'],
    ]);
    expect(code, stdout).toBe(0);
    const summary = await summaryOf(prefix);
    // It ends itself once it has seen requests per second and a median: well before its own 20 s.
    expect(summary.totals.requests).toBeGreaterThan(0);
    const history = await csv(`${prefix}_stats_history.csv`);
    expect(history.length).toBeLessThan(15);
  });

  it('runs its share of the shape in each shard: the shards add up to the shape’s users', async () => {
    const runs = await Promise.all(
      [0, 1].map(async (index) => {
        const prefix = join(cli.dir, `shard${index}`);
        const result = await journeys([
          // -u: a shard refuses a run whose users cannot be split (the shape decides the users here).
          ...['run', '-f', oneShape, '-H', cli.target.url, '--threads', '1', '-u', '2'],
          ...['--csv', prefix, '--shard', `${index}/2`],
        ]);
        return { result, summary: result.code === 0 ? await summaryOf(prefix) : undefined };
      }),
    );
    for (const { result } of runs) expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(runs.map(({ summary }) => summary?.run.usersSpawned?.Pinger)).toEqual([2, 1]);
  });

  it('exit 2 in one line: a shape name that matches nothing, several shapes and none named, a tick answering nonsense', async () => {
    const unknown = await journeys(['run', '-f', manyShapes, '--shape', 'Nope', '-H', cli.target.url]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'error: load shape Nope not found (--shape) — the users modules export: ArrivalBurst, Broken, StepUp, UntilMeasured',
    );
    const several = await journeys(['run', '-f', manyShapes, '-H', cli.target.url]);
    expect(several.code).toBe(2);
    expect(several.stderr.trim().split('\n')).toHaveLength(1);
    expect(several.stderr).toContain('export 4 load shapes');
    const prefix = join(cli.dir, 'broken');
    const broken = await journeys([
      ...['run', '-f', manyShapes, '--shape', 'Broken', '-H', cli.target.url, '--csv', prefix],
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr.trim()).toMatch(
      /^error: Broken\.tick returned \{"users":-1,"spawnRate":1\} \(Broken\) — /,
    );
    // The reports are written all the same.
    expect((await summaryOf(prefix)).run.shape).toBe('Broken');
  });
});
