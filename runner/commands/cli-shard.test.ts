/**
 * `journeys run --shard i/N` end to end: shard processes against one counting target, then
 * `journeys report merge` — the merged counts are exactly what the target served and what
 * one unsharded run does (runner/testing/cli-harness.ts).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench, csv, journeys, readSummary, row, summaryOf } from '../testing/cli-harness.ts';

const cli = cliBench('cli-shard');

describe('journeys run --shard', () => {
  it('splits users and iterations exactly; report merge gives the served counts and one run’s totals', async () => {
    const results = join(cli.dir, 'closed');
    const load = 'Shopper -u 5 -r 50 -i 11 --seed 7';
    const env = { JOURNEYS_RUN_ID: 'r1' };
    // Both at once, as an Indexed Job's pods; the second takes its shard from the environment.
    const [first, second] = await Promise.all([
      journeys(cli.local(`${load} --shard 0/2 --results-dir ${results}`), { env }),
      journeys(cli.local(`${load} --results-dir ${results}`), { env: { ...env, JOURNEYS_SHARD: '1/2' } }),
    ]);
    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([0, 0, '', '']);
    expect(first.stdout).toContain('shard 0/2: 3 of 5 users, 6 of 11 iterations)');
    expect(second.stdout).toContain('shard 1/2: 2 of 5 users, 5 of 11 iterations)');
    const folder = join(results, 'run-r1');
    expect((await readdir(folder)).sort()).toEqual(['shard-0-of-2', 'shard-1-of-2']);
    const parts = await Promise.all(
      ['shard-0-of-2', 'shard-1-of-2'].map((s) => summaryOf(join(folder, s, 'run'))),
    );
    expect(
      parts.map((part) => [part.run.shard, part.run.users, part.run.iterations, part.totals.journeys]),
    ).toEqual([
      [{ index: 0, count: 2 }, 3, 6, 6],
      [{ index: 1, count: 2 }, 2, 5, 5],
    ]);
    const served = { home: cli.target.served.get('/'), item: cli.target.served.get('/items/7') };

    const out = join(cli.dir, 'merged');
    const merged = await journeys([
      'report',
      'merge',
      join(folder, 'shard-0-of-2'),
      join(folder, 'shard-1-of-2'),
      '--out',
      out,
    ]);
    expect(merged.code).toBe(0);
    const stats = await csv(join(out, 'run_stats.csv'));
    // Every journey's requests, and nothing else: the target also saw one start-up probe (GET /) per shard.
    expect(Number(row(stats, '/')?.['Request Count'])).toBe(served.home! - 2);
    expect(Number(row(stats, '/items/{id}')?.['Request Count'])).toBe(served.item);
    expect(row(stats, 'Aggregated')?.['Request Count']).toBe('22');
    const summary = await summaryOf(join(out, 'run'));
    expect(summary.run).toMatchObject({ users: 5, spawnRate: 50, iterations: 11, shards: 2 });
    expect(summary.run.shard).toBeUndefined();
    expect(summary.totals).toMatchObject({ requests: 22, journeys: 11, failures: 0 });

    const whole = join(cli.dir, 'whole');
    expect((await journeys(cli.local(`${load} --csv ${whole}`))).code).toBe(0);
    expect((await readSummary(whole)).totals).toMatchObject({ requests: 22, journeys: 11 });
  });

  it('runs its share of the open model’s journeys', async () => {
    const load = 'Shopper --arrival-rate 100 --max-users 4 -i 9 --seed 7';
    const runs = await Promise.all(
      [0, 1].map((index) =>
        journeys(cli.local(`${load} --shard ${index}/2 --csv ${join(cli.dir, `open-${index}`)}`)),
      ),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const parts = await Promise.all([0, 1].map((index) => summaryOf(join(cli.dir, `open-${index}`))));
    expect(parts.map((part) => [part.totals.journeys, part.run.maxUsers])).toEqual([
      [5, 2],
      [4, 2],
    ]);
    expect(cli.target.served.get('/items/7')).toBe(9);
  });

  it('refuses a shard that does not exist, in one line (exit 2)', async () => {
    for (const shard of ['5/4', 'x/2']) {
      const { code, stdout, stderr } = await journeys(cli.local(`Shopper -i 1 --shard ${shard}`));
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^error: --shard: /);
    }
  });
});
