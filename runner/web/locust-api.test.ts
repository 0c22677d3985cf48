/**
 * Locust's control API with no browser, as the scripts that drive Locust over HTTP use it:
 * `POST /swarm` starts (and, while running, resizes) a test, `GET /stats/requests` reads it
 * with Locust's field names, `GET /stats/reset`, `GET /stop`, and the CSVs — which are the
 * very files the run wrote to its results folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBench } from '../testing/cli-harness.ts';
import { startWebProcess } from './testing/web-process.ts';

const bench = cliBench('web-locust-api');

interface Stats {
  stats: Record<string, number | string | null>[];
  errors: { method: string; name: string; error: string; occurrences: number }[];
  state: string;
  user_count: number;
  total_rps?: number;
  fail_ratio?: number;
  current_response_time_percentiles?: Record<string, number | null>;
}

async function waitUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`waited 10 s for ${what}: ${JSON.stringify(value).slice(0, 400)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("Locust's control API", () => {
  it('swarm, read, resize, reset, stop, then the CSVs equal the results folder', async () => {
    const web = await startWebProcess(bench.target.url, bench.dir);
    try {
      const stats = async () => (await (await fetch(`${web.url}/stats/requests`)).json()) as Stats;
      expect(await stats()).toEqual({ stats: [], errors: [], state: 'ready', user_count: 0 });

      const swarm = await fetch(`${web.url}/swarm`, {
        method: 'POST',
        body: new URLSearchParams({ user_count: '2', spawn_rate: '10', user_classes: 'Shopper' }),
      });
      expect(await swarm.json()).toEqual({
        success: true,
        message: 'Swarming started',
        host: bench.target.url,
      });

      const running = await waitUntil(
        stats,
        (s) => s.user_count === 2 && s.stats.length === 3,
        '2 users and 2 rows',
      );
      expect(running.state).toBe('running');
      expect(running.stats.map((row) => `${row.method} ${row.name}`)).toEqual([
        'GET /',
        'GET /items/{id}',
        ' Aggregated',
      ]);
      expect(Object.keys(running.stats[0]).sort()).toEqual(
        [
          'avg_content_length',
          'avg_response_time',
          'current_fail_per_sec',
          'current_rps',
          'max_response_time',
          'median_response_time',
          'method',
          'min_response_time',
          'name',
          'ninetieth_response_time',
          'ninety_ninth_response_time',
          'num_failures',
          'num_requests',
          'response_time_percentile_0.95',
          'response_time_percentile_0.99',
          'safe_name',
        ].sort(),
      );
      expect(Object.keys(running.current_response_time_percentiles ?? {})).toEqual([
        'response_time_percentile_0.5',
        'response_time_percentile_0.95',
      ]);
      expect(running.fail_ratio).toBe(0);

      // A swarm while running changes the user count, as Locust's does.
      await fetch(`${web.url}/swarm`, { method: 'POST', body: new URLSearchParams({ user_count: '4' }) });
      await waitUntil(stats, (s) => s.user_count === 4, '4 users');

      const before = Number((await stats()).stats.at(-1)?.num_requests);
      expect(await (await fetch(`${web.url}/stats/reset`)).text()).toBe('ok');
      const after = Number((await stats()).stats.at(-1)?.num_requests ?? 0);
      expect(after).toBeLessThan(before);

      expect(await (await fetch(`${web.url}/stop`)).json()).toEqual({
        success: true,
        message: 'Test stopped',
      });
      await waitUntil(stats, (s) => s.state === 'stopped', 'the stop');

      const [folder] = await readdir(bench.dir);
      for (const [path, suffix] of [
        ['/stats/requests/csv', '_stats.csv'],
        ['/stats/failures/csv', '_failures.csv'],
        ['/exceptions/csv', '_exceptions.csv'],
      ]) {
        const response = await fetch(`${web.url}${path}`);
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="run${suffix}"`);
        expect(await response.text()).toBe(await readFile(join(bench.dir, folder, `run${suffix}`), 'utf8'));
      }
      // The file holds what came after the reset, as Locust's do: fewer than before it.
      const total = (await readFile(join(bench.dir, folder, 'run_stats.csv'), 'utf8'))
        .trim()
        .split('\n')
        .at(-1)!;
      expect(total.startsWith(',Aggregated,')).toBe(true);
      expect(bench.target.served.get('/')).toBeGreaterThan(Number(total.split(',')[2]) / 2);
    } finally {
      expect(await web.quit()).toBe(0);
    }
  }, 60_000);
});
