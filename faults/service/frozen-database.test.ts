/**
 * PostgreSQL frozen under load (SIGSTOP to the server and every backend: connections stay
 * open, nothing answers — a stalled disk or a paused VM), then thawed. Writes must answer 503
 * with Retry-After within 2 s (plus the longest stall this machine showed), and a write
 * answered 503 must not be committed once the server carries on — except one whose COMMIT was
 * already sent, whose 503 says it may have been applied.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedService, spawnService } from '../../service/testing/spawn-service.ts';
import { databaseUrl } from '../../service/testing/test-backends.ts';
import { reportFigures } from '../testing/figures.ts';
import { startLoad } from '../testing/load.ts';
import { type PrivatePostgres, startPrivatePostgres } from '../testing/private-postgres.ts';

const FROZEN_MS = 6000;
const ANSWER_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (!databaseUrl) console.log('frozen-database test skipped: DATABASE_URL is not set (no PostgreSQL here)');

describe.skipIf(!databaseUrl)('PostgreSQL frozen (SIGSTOP) under load, then thawed', () => {
  let pg: PrivatePostgres;
  let service: SpawnedService;
  let url: string;
  beforeAll(async () => {
    pg = await startPrivatePostgres();
    service = spawnService({ DATABASE_URL: pg.url });
    url = await service.ready();
  }, 120_000);
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited(30_000).catch(() => undefined);
    await pg?.destroy();
  }, 120_000);

  it(`writes answer 503 + Retry-After within ${ANSWER_MS} ms; none answered 503 commits later unless it said it might`, async () => {
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const load = startLoad({
      url,
      workers: 6,
      maxRequests: 3000,
      timeoutMs: 15_000, // patient clients: the service, not the client, must end the wait
      plan: (n) => ({
        kind: 'customer',
        key: `frozen-${n}`,
        method: 'POST',
        path: '/customers',
        body: { external_id: `frozen-${n}`, email: 'f@example.com', first_name: 'F', last_name: 'Z' },
      }),
    });
    await sleep(1500);
    const frozenAt = performance.now();
    pg.freeze();
    await sleep(FROZEN_MS);
    const thawedAt = performance.now();
    pg.thaw();
    await sleep(3000);
    load.stop();
    await load.done;
    stalls.disable();
    const stallMs = Math.round(stalls.max / 1e6);
    const bound = ANSWER_MS + stallMs;

    const attempts = load.attempts;
    // Waiting on the frozen server: sent during the freeze, or in flight when it began.
    const waited = attempts.filter((a) => a.endedAt > frozenAt && a.sentAt < thawedAt);
    const waitMs = (a: (typeof attempts)[number]) => a.endedAt - Math.max(a.sentAt, frozenAt);
    const slow = waited.filter((a) => a.endedAt < thawedAt && waitMs(a) > bound);
    const unanswered = waited.filter(
      (a) => a.endedAt >= thawedAt && thawedAt - Math.max(a.sentAt, frozenAt) > bound,
    );
    const sentWhileFrozen = attempts.filter((a) => a.sentAt > frozenAt && a.sentAt < thawedAt - bound);
    const not503 = sentWhileFrozen.filter((a) => a.outcome !== 503);
    const bad503 = attempts.filter(
      (a) =>
        a.outcome === 503 &&
        !(a.retryAfter === '1' && typeof (a.body as { error?: unknown }).error === 'string'),
    );
    const other5xx = attempts.filter(
      (a) => typeof a.outcome === 'number' && a.outcome >= 500 && a.outcome !== 503,
    );
    const firstAfter = attempts
      .filter((a) => a.outcome === 201 && a.sentAt > thawedAt)
      .sort((a, b) => a.endedAt - b.endedAt)[0];

    const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
    const rows = await sql<{ key: string }[]>`
      SELECT data->>'external_id' AS key FROM events WHERE type = 'CustomerRegistered'`;
    await sql.end();
    const stored = new Set(rows.map((r) => r.key));
    const maybe = (a: (typeof attempts)[number]) =>
      /may have been applied/.test(String((a.body as { error?: unknown }).error));
    const refused = attempts.filter((a) => a.outcome === 503);
    const refusedStored = refused.filter((a) => !maybe(a) && stored.has(a.key));
    const unconfirmed = refused.filter(maybe);
    const acked = attempts.filter((a) => a.outcome === 201);
    const lost = acked.filter((a) => !stored.has(a.key));

    reportFigures('PostgreSQL frozen 6 s under load', {
      tries: waited.length,
      held: waited.length - slow.length - unanswered.length - not503.length,
      lost: slow.length + unanswered.length + not503.length + refusedStored.length + lost.length,
      requests: attempts.length,
      '503 while frozen': sentWhileFrozen.filter((a) => a.outcome === 503).length,
      'slowest answer while frozen (ms)': Math.round(
        Math.max(0, ...waited.filter((a) => a.endedAt < thawedAt).map(waitMs)),
      ),
      'longest event-loop stall (ms)': stallMs,
      '503 then committed': refusedStored.length,
      '503 "may have been applied"': unconfirmed.length,
      'of which committed': unconfirmed.filter((a) => stored.has(a.key)).length,
      'first 201 after thaw (ms)': firstAfter ? Math.round(firstAfter.endedAt - thawedAt) : 'none',
      'acknowledged missing': lost.length,
    });

    expect(service.child.exitCode, service.stderr()).toBeNull();
    expect(sentWhileFrozen.length).toBeGreaterThanOrEqual(6); // one per client at least
    expect(not503.map((a) => `${a.key} ${a.outcome} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(slow.map((a) => `${a.key} ${Math.round(waitMs(a))} ms`)).toEqual([]);
    expect(unanswered.map((a) => a.key)).toEqual([]);
    expect(bad503).toEqual([]);
    expect(other5xx.map((a) => `${a.outcome} ${JSON.stringify(a.body)}`)).toEqual([]);
    expect(refusedStored.map((a) => a.key)).toEqual([]);
    expect(lost.map((a) => a.key)).toEqual([]);
    expect(firstAfter).toBeDefined();
  }, 180_000);
});
