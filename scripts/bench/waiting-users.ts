/**
 * Waiting users: how much memory a user costs while it thinks. Starts the real load pool in
 * this process (one worker thread) with USERS users of the bench's IdleUser (a journey that
 * sends nothing, `between(1, 2)` between journeys), waits until each has run a few journeys,
 * and prints the process's peak RSS (all threads, from /proc), the bytes per user above the
 * process before the pool, and the CPU the waiting users cost per second once all are up.
 *
 *   npm run bench:waiting-users                    # 1,000,000 users
 *   USERS=100000 npm run bench:waiting-users
 *
 * Users are spawned as a run spawns them, SPAWN_RATE a second (50000; 0 = all at once).
 *
 * Env: USERS (1000000), SETTLE seconds the users run once all have started (10), MAX_SECONDS
 * bound of the whole measurement (600: a busy machine starts users slowly; the figures then
 * cover the users started so far, and say so).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkUsers } from '../../runner/discovery/check-users.ts';
import { discoverUserClasses } from '../../runner/discovery/discover.ts';
import { createLoadPool } from '../../runner/threads/pool.ts';

const env = process.env;
const USERS = Number(env.USERS ?? 1_000_000);
const SETTLE_SECONDS = Number(env.SETTLE ?? 10);
const MAX_SECONDS = Number(env.MAX_SECONDS ?? 600);
const SPAWN_RATE = Number(env.SPAWN_RATE ?? 50_000);
const BENCH_USERS = fileURLToPath(new URL('./bench-users.ts', import.meta.url));

/** VmRSS (now) or VmHWM (the process's peak so far), from /proc. */
function rssBytes(field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

async function main(): Promise<void> {
  const { users } = await discoverUserClasses([BENCH_USERS]);
  const baseline = rssBytes();
  let journeys = 0;
  let running = 0;
  const pool = await createLoadPool({
    threads: 1,
    users: checkUsers(users, ['IdleUser']),
    host: 'http://127.0.0.1:9', // never asked: IdleUser sends nothing
    seed: 1,
    testData: {},
    stopTimeoutSeconds: 0,
    onSnapshot: (snapshot) => {
      for (const journey of snapshot.journeys) journeys += journey.count;
    },
    onWorkerError: (error) => console.error(`worker error: ${error.message}`),
  });
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  const rate = SPAWN_RATE > 0 ? `${SPAWN_RATE.toLocaleString('en-US')}/s` : 'all at once';
  console.log(
    `${USERS.toLocaleString('en-US')} waiting users, spawned ${rate}, 1 worker thread; load ${load()}`,
  );
  let peak = rssBytes();
  let asked = 0;
  const sampleUntil = async (done: () => boolean) => {
    while (!done() && elapsed() < MAX_SECONDS) {
      // A tenth of a second's users at a time, as a run's spawner steps its targets.
      const next = SPAWN_RATE > 0 ? Math.min(USERS, Math.ceil(elapsed() * SPAWN_RATE)) : USERS;
      if (next > asked) {
        asked = next;
        pool.setUsers({ IdleUser: asked });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      peak = Math.max(peak, rssBytes());
      running = pool.runningUsers();
    }
  };
  // Up: every user has started and run a journey (it then waits, as a thinking user does).
  await sampleUntil(() => running >= USERS && journeys >= USERS);
  const upSeconds = elapsed();
  const cpuBefore = process.cpuUsage();
  const journeysBefore = journeys;
  const settleEnd = upSeconds + SETTLE_SECONDS;
  await sampleUntil(() => elapsed() >= settleEnd);
  const settleSeconds = elapsed() - upSeconds;
  const cpu = cpuSeconds(process.cpuUsage(cpuBefore));
  const bounded =
    running < USERS ? ` (bounded at ${MAX_SECONDS} s: ${running.toLocaleString('en-US')} users up)` : '';
  const stopStarted = elapsed();
  await pool.stop();
  await pool.close();
  const stopSeconds = elapsed() - stopStarted;
  const perUser = (peak - baseline) / Math.max(1, running);
  console.log(`  up after ${upSeconds.toFixed(0)} s${bounded}`);
  console.log(
    `  peak RSS ${mib(peak)} (before the pool ${mib(baseline)}): ${perUser.toFixed(0)} bytes per user`,
  );
  console.log(
    `  once up, ${settleSeconds.toFixed(0)} s: ${(journeys - journeysBefore).toLocaleString('en-US')} journeys, ` +
      `${(cpu / settleSeconds).toFixed(2)} CPU-s per second (${((cpu / (journeys - journeysBefore || 1)) * 1e6).toFixed(1)} µs per wake-up)`,
  );
  console.log(
    `  stopping them all took ${stopSeconds.toFixed(0)} s; the process's peak over its whole life (VmHWM, the stop included): ${mib(rssBytes('VmHWM'))}`,
  );
  console.log(`  load ${load()} at the end`);
}

await main();
