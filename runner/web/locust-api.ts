/**
 * Locust's control API, for the scripts that drive Locust over HTTP: `POST /swarm`,
 * `GET /stop`, `GET /stats/reset`, `GET /stats/requests` and the CSV downloads, with
 * Locust's field names and answers (locust/web.py).
 */
import type { Context, Hono } from 'hono';
import { loadProblem } from '../config/load-limits.ts';
import { RunnerError } from '../errors.ts';
import { escapeHtml } from '../report/html-escape.ts';
import type { WebController, WebMaster } from './controller.ts';
import { type DownloadSuffix, download } from './downloads.ts';
import type { FeedRow, LiveFeed } from './feed.ts';

/** Locust's PERCENTILES_TO_STATISTICS and PERCENTILES_TO_CHART defaults. */
const ROW_PERCENTILES = ['0.95', '0.99'] as const;

/**
 * @example addLocustApi(app, controller, feed);
 */
export function addLocustApi(app: Hono, controller: WebController, feed: LiveFeed): void {
  app.post('/swarm', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const number = (field: string) => {
      const value = form[field];
      if (value === undefined || value === '') return undefined;
      const parsed = Number(Array.isArray(value) ? value[0] : value);
      if (!Number.isFinite(parsed) || parsed < 0)
        throw new RunnerError(`${field} must be a number >= 0`, { code: 'WEB_FORM' });
      return parsed;
    };
    const list = (field: string) => {
      const value = form[field] ?? form[`${field}[]`];
      return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String).filter(Boolean);
    };
    try {
      const users = number('user_count');
      const spawnRate = number('spawn_rate');
      const tooMuch = loadProblem({ users, spawnRate }, { users: 'user_count', spawnRate: 'spawn_rate' });
      if (tooMuch) throw new RunnerError(tooMuch, { code: 'WEB_FORM' });
      const host = typeof form.host === 'string' ? form.host : undefined;
      if (controller.live()) {
        // Locust: a swarm while running changes the user count (and spawn rate) of the run.
        controller.edit({
          ...(users === undefined ? {} : { users }),
          ...(spawnRate === undefined ? {} : { spawnRate }),
        });
        return c.json({
          success: true,
          message: 'Swarming started',
          host: controller.live()?.host ?? host ?? '',
        });
      }
      const runTime = typeof form.run_time === 'string' ? form.run_time : undefined;
      await controller.start({
        ...(users === undefined ? {} : { users }),
        ...(spawnRate === undefined ? {} : { spawnRate }),
        ...(host === undefined ? {} : { host }),
        ...(runTime ? { runTime } : {}),
        userClasses: list('user_classes'),
        tags: list('tags'),
      });
      return c.json({
        success: true,
        message: 'Swarming started',
        host: host ?? controller.config()?.host ?? '',
      });
    } catch (error) {
      return c.json({ success: false, message: (error as Error).message.split('\n')[0] }, 400);
    }
  });

  app.get('/stop', (c) => {
    controller.stop();
    return c.json({ success: true, message: 'Test stopped' });
  });

  app.get('/stats/reset', (c) => {
    controller.resetStats();
    return c.text('ok');
  });

  app.get('/stats/requests', (c) => c.json(requestStats(controller, feed)));

  const csv = (path: string, suffix: DownloadSuffix) =>
    app.get(path, async (c) => sendDownload(c, controller, suffix));
  csv('/stats/requests/csv', '_stats.csv');
  csv('/stats/requests_full_history/csv', '_stats_history.csv');
  csv('/stats/failures/csv', '_failures.csv');
  csv('/exceptions/csv', '_exceptions.csv');
}

/** A file download (attachment) or 404 when no run has statistics yet. */
export async function sendDownload(c: Context, controller: WebController, suffix: DownloadSuffix) {
  const file = await download(controller, suffix);
  if (!file) return c.text('no run yet: start a test first', 404);
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200, {
    'content-type': file.type,
    'content-disposition': `attachment; filename="${file.name}"`,
  });
}

/** `GET /stats/requests`, as Locust answers it. */
export function requestStats(controller: WebController, feed: LiveFeed) {
  const message = feed.build();
  const rows = (message.stats as FeedRow[] | undefined) ?? [];
  const stats = rows.map((row) => ({
    method: row.method,
    name: row.name,
    safe_name: escapeHtml(row.name),
    num_requests: row.requests,
    num_failures: row.fails,
    avg_response_time: row.avg,
    min_response_time: Math.round(row.min),
    max_response_time: Math.round(row.max),
    current_rps: row.rps,
    current_fail_per_sec: row.failuresPerSecond,
    median_response_time: row.median,
    ninetieth_response_time: row.p90,
    ninety_ninth_response_time: row.p99,
    avg_content_length: row.avgContentSize,
    ...Object.fromEntries(
      ROW_PERCENTILES.map((p) => [`response_time_percentile_${p}`, p === '0.95' ? row.p95 : row.p99]),
    ),
  }));
  const failures =
    (message.failures as { method: string; name: string; error: string; occurrences: number }[]) ?? [];
  const total = stats.at(-1);
  const series = message.series;
  return {
    stats,
    errors: failures.map((f) => ({
      method: f.method,
      name: f.name,
      error: f.error,
      occurrences: f.occurrences,
    })),
    ...(total
      ? {
          total_rps: total.current_rps,
          total_fail_per_sec: total.current_fail_per_sec,
          fail_ratio: total.num_requests > 0 ? total.num_failures / total.num_requests : 0,
          current_response_time_percentiles: {
            'response_time_percentile_0.5': series.p50.at(-1) ?? null,
            'response_time_percentile_0.95': series.p95.at(-1) ?? null,
          },
        }
      : {}),
    state: message.state,
    user_count: controller.live()?.runningUsers() ?? 0,
    // Locust's master lists its workers (here by name, as the master knows them).
    ...(controller.options.master ? masterWorkers(controller.options.master) : {}),
  };
}

/** Locust's master lists its workers: here by name, as the master knows them, with their share. */
function masterWorkers(master: WebMaster) {
  const workers = master.workers();
  return {
    worker_count: workers.filter((worker) => worker.state !== 'missing').length,
    workers: workers.map((worker) => ({
      id: worker.name,
      state: worker.state,
      user_count: worker.users,
      share: worker.share,
    })),
  };
}
