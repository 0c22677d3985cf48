/**
 * `journeys run --master --web` end to end: a master with its web UI and three workers of
 * `journeys run`, each its own process on loopback, against one counting target. Start and
 * Edit go through Locust's API of the UI (the page sends the same); the workers' users are
 * read from the master's `/stats/requests`, which lists them as Locust's master does. The
 * workers stay for the next test and end when the master does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../testing/browser.ts';
import { cliBench, journeys, startJourneys, summaryOf } from '../testing/cli-harness.ts';
import {
  aggregated,
  byProcess,
  type DistributedRun,
  printedLong,
  servedByWorkers,
  startDistributedRun,
  startWorker,
  threeToOne,
  waitLong,
} from '../testing/distributed-run.ts';
import { alive, ended } from '../testing/process-tree.ts';

const bench = cliBench('distributed-web');

interface WorkerRow {
  id: string;
  state: string;
  user_count: number;
  share: string;
}
interface StatsAnswer {
  state: string;
  user_count: number;
  worker_count?: number;
  workers?: WorkerRow[];
}

// The page's globals, for the function that runs in it (the tests' TypeScript has no DOM types).
// biome-ignore lint/suspicious/noExplicitAny: browser globals
declare const document: any;

let current: DistributedRun | undefined;
afterEach(() => current?.kill());

/** The master with its web UI on an ephemeral port, and three workers; resolves with the UI's URL. */
async function startWebMaster(runTime: string, users?: string) {
  const run = await startDistributedRun({
    dir: bench.dir,
    target: bench.target.url,
    count: 3,
    load: `-u 6 -r 60 -t ${runTime} --stop-timeout 10s`,
    masterArgs: ['--web', '--web-port', '0'],
    ...(users ? { users } : {}),
  });
  current = run;
  let ui = '';
  await waitLong(
    () => {
      ui = /web UI at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.master.stdout())?.[1] ?? '';
      return ui !== '';
    },
    () => `the web UI never said its address: ${run.master.stdout()}`,
  );
  const stats = async () => (await (await fetch(`${ui}/stats/requests`)).json()) as StatsAnswer;
  let last: StatsAnswer | undefined;
  const until = async (what: string, check: (answer: StatsAnswer) => boolean) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      last = await stats();
      if (check(last)) return last;
      if (Date.now() > deadline)
        throw new Error(`waited 60 s for ${what}: ${JSON.stringify(last)}\n${run.master.stdout()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const swarm = async (users: number, spawnRate: number) => {
    const answer = await fetch(`${ui}/swarm`, {
      method: 'POST',
      body: new URLSearchParams({ user_count: String(users), spawn_rate: String(spawnRate) }),
    });
    return { status: answer.status, body: (await answer.json()) as { success: boolean; message: string } };
  };
  const usersOf = (answer: StatsAnswer) =>
    (answer.workers ?? []).filter((worker) => worker.state === 'running').map((worker) => worker.user_count);
  return { run, ui, stats, until, swarm, usersOf };
}

describe('journeys run --master --web', () => {
  it('Start runs on the connected workers; Edit from 6 to 12 users gives 4/4/4; the merged counts are the target’s', async () => {
    const { run, ui, until, swarm, usersOf } = await startWebMaster('60s');
    await until('three workers', (answer) => answer.worker_count === 3);

    const started = await swarm(6, 60);
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ success: true });
    const spread = await until('2/2/2', (answer) => usersOf(answer).join('/') === '2/2/2');
    expect(spread.workers?.map((worker) => worker.share).sort()).toEqual(['0/3', '1/3', '2/3']);

    const edited = await swarm(12, 60);
    expect(edited.body).toMatchObject({ success: true });
    const after = await until('4/4/4', (answer) => usersOf(answer).join('/') === '4/4/4');
    expect(after.user_count).toBe(12);
    // The page shows the workers with their share, state and users, beside the merged statistics.
    if (hasChromium()) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(ui);
        await page.waitForFunction(
          () =>
            [...document.querySelectorAll('#workers p')].filter((p: { textContent: string }) =>
              /\(share \d\/3\): running, 4 users$/.test(p.textContent ?? ''),
            ).length === 3,
          null,
          { timeout: 30_000 },
        );
        expect(await page.textContent('#stats')).toContain('Aggregated');
      } finally {
        await browser.close();
      }
    } else console.log('no Chromium at /usr/bin/chromium: the page is not looked at');
    for (const worker of run.workers)
      await waitLong(
        () => worker.stdout().includes("the master changed this worker's load: 4 users"),
        () => worker.stdout(),
      );

    await fetch(`${ui}/stop`);
    // Each worker writes its reports once its share is done, then waits for the next test.
    const waiting = await until('stopped', (answer) => answer.state === 'stopped');
    expect(waiting.workers?.map((worker) => worker.state)).toEqual(['joined', 'joined', 'joined']);
    for (const worker of run.workers) expect(worker.child.exitCode).toBeNull();
    // The master's end ends them: each exits with its test's code.
    run.master.child.kill('SIGINT');
    const master = await run.master.done;
    expect(master.code, master.stdout + master.stderr).toBe(0);
    const workers = await Promise.all(run.workers.map((worker) => worker.done));
    for (const worker of workers) expect(worker.code, worker.stdout + worker.stderr).toBe(0);

    const merged = await aggregated(run.masterPrefix);
    const perWorker = await Promise.all([0, 1, 2].map((i) => aggregated(run.workerPrefix(i))));
    expect(merged).toBeGreaterThan(0);
    expect(merged).toBe(perWorker.reduce((sum, n) => sum + n, 0));
    expect(merged).toBe(servedByWorkers(bench.target.served));
    const summary = await summaryOf(run.masterPrefix);
    expect(summary.exceptions ?? []).toEqual([]);
    // Stop in the UI reaches every worker as what it was.
    for (const i of [0, 1, 2]) expect((await summaryOf(run.workerPrefix(i))).run.stoppedBy).toBe('web');
    expect(
      summary.run.workers.map((worker: { share: string; state: string }) => [worker.share, worker.state]),
    ).toEqual([
      ['0/3', 'done'],
      ['1/3', 'done'],
      ['2/3', 'done'],
    ]);
  }, 180_000);

  it('two tests in a row run on the same three worker processes, each merged as the target counted it; the master’s end ends them', async () => {
    const { run, ui, until, swarm, usersOf } = await startWebMaster('60s');
    await until('three workers', (answer) => answer.worker_count === 3);
    const pids = run.workers.map((worker) => worker.child.pid);
    const idsOf = (answer: StatsAnswer) =>
      (answer.workers ?? []).map((worker) => Number(/-(\d+)$/.exec(worker.id)?.[1])).sort();
    let servedBefore = servedByWorkers(bench.target.served);
    for (const test of [1, 2]) {
      const started = await swarm(6, 60);
      expect(started.body, JSON.stringify(started.body)).toMatchObject({ success: true });
      const running = await until(`2/2/2 in test ${test}`, (answer) => usersOf(answer).join('/') === '2/2/2');
      expect(idsOf(running)).toEqual([...pids].sort());
      await waitLong(
        () => servedByWorkers(bench.target.served) - servedBefore >= 30,
        () => `test ${test}: the target served ${servedByWorkers(bench.target.served) - servedBefore}`,
      );
      await fetch(`${ui}/stop`);
      const stopped = await until(`test ${test} stopped`, (answer) => answer.state === 'stopped');
      expect(stopped.workers?.map((worker) => worker.state)).toEqual(['joined', 'joined', 'joined']);
      expect(idsOf(stopped)).toEqual([...pids].sort());
      for (const worker of run.workers) expect(worker.child.exitCode, worker.stdout()).toBeNull();
      // This test's merged count is the target's count of it, and the sum of the workers' own files.
      const served = servedByWorkers(bench.target.served) - servedBefore;
      servedBefore += served;
      const merged = await aggregated(run.masterPrefix);
      expect(merged, `test ${test}`).toBe(served);
      const perWorker = await Promise.all([0, 1, 2].map((i) => aggregated(run.workerPrefix(i))));
      expect(perWorker.reduce((sum, n) => sum + n, 0)).toBe(merged);
      expect((await summaryOf(run.masterPrefix)).exceptions ?? []).toEqual([]);
    }
    // The target saw no process but the three workers.
    expect([...bench.target.served.keys()].filter((path) => path.startsWith('/by/')).sort()).toEqual(
      pids.map((pid) => `/by/${pid}`).sort(),
    );
    for (const worker of run.workers)
      expect(worker.stdout()).toContain('the test is done: waiting for the next one from the master');

    run.master.child.kill('SIGINT');
    const master = await run.master.done;
    expect(master.code, master.stdout + master.stderr).toBe(0);
    const workers = await Promise.all(run.workers.map((worker) => worker.done));
    for (const worker of workers) {
      expect(worker.code, worker.stdout + worker.stderr).toBe(0);
      expect(worker.stdout).toContain('this worker ends (the master quit: SIGINT)');
    }
    await ended(pids as number[], 5_000);
    expect(pids.filter((pid) => alive(pid ?? 0))).toEqual([]);
  }, 240_000);

  it('between tests a worker stopped by SIGTERM leaves at once, and the others end on their own once the master is lost', async () => {
    const { run, ui, until, swarm, usersOf } = await startWebMaster('60s');
    await until('three workers', (answer) => answer.worker_count === 3);
    expect((await swarm(6, 60)).body).toMatchObject({ success: true });
    await until('2/2/2', (answer) => usersOf(answer).join('/') === '2/2/2');
    await fetch(`${ui}/stop`);
    await until('stopped', (answer) => answer.state === 'stopped');

    run.workers[0].child.kill('SIGTERM');
    const left = await run.workers[0].done;
    expect(left.code, left.stdout + left.stderr).toBe(0);
    expect(left.stdout).toContain('this worker ends (SIGTERM)');
    // Its last poll said so: the master drops it, rather than finding it lost seconds later.
    const after = await until('two workers', (answer) => answer.worker_count === 2);
    expect(after.workers?.filter((worker) => worker.id.endsWith(`-${run.workers[0].child.pid}`))).toEqual([]);
    expect(run.master.stdout()).not.toMatch(/lost before the start/);

    const killedAt = Date.now();
    run.master.child.kill('SIGKILL');
    const workers = await Promise.all(run.workers.slice(1).map((worker) => worker.done));
    console.log(`waiting workers exited ${Date.now() - killedAt} ms after the master was killed`);
    for (const worker of workers) {
      expect(worker.code, worker.stdout + worker.stderr).toBe(0);
      expect(worker.stdout).toMatch(/the master at \S+ is lost \([^)]*\): this worker ends/);
    }
  }, 180_000);

  it('a worker lost mid-run leaves its users to the others; one joining mid-run takes its share', async () => {
    const { run, until, swarm, usersOf } = await startWebMaster('60s');
    await until('three workers', (answer) => answer.worker_count === 3);
    expect((await swarm(6, 60)).body).toMatchObject({ success: true });
    await until('2/2/2', (answer) => usersOf(answer).join('/') === '2/2/2');
    run.workers[1].child.kill('SIGKILL');
    const after = await until('3/3 on the two left', (answer) => usersOf(answer).join('/') === '3/3');
    expect(after.workers?.filter((worker) => worker.state === 'missing')).toHaveLength(1);
    expect(run.master.stdout()).toContain('the load is spread again over 2 worker(s): 6 users in all');
    // A worker joining mid-run takes its share: 2/2/2 again over the two left and the new one.
    const port = /master at http:\/\/127\.0\.0\.1:(\d+)/.exec(run.master.stdout())?.[1] ?? '';
    const late = startWorker(port, run.workerPrefix(3), { timeoutMs: 90_000 });
    run.workers.push(late);
    const joined = await until(
      '2/2/2 with the late worker',
      (answer) => usersOf(answer).join('/') === '2/2/2',
    );
    // Workers are indexed in the order they joined: the late one is the fourth.
    expect(joined.workers?.map((worker) => worker.state).sort()).toEqual([
      'missing',
      'running',
      'running',
      'running',
    ]);
    expect(joined.workers?.find((worker) => worker.share === '3/4')?.id).toMatch(
      new RegExp(`-${late.child.pid}$`),
    );
    expect(run.master.stdout()).toMatch(/worker \S+ joined mid-run \(share 3\/4\)/);
  }, 180_000);

  it('a re-spread keeps the class mix of one process: weights 3:1, 6 users, one of three workers lost, 5 and 1 run', async () => {
    const { run, until, swarm, usersOf } = await startWebMaster('60s', threeToOne);
    await until('three workers', (answer) => answer.worker_count === 3);
    expect((await swarm(6, 60)).body).toMatchObject({ success: true });
    await until('2/2/2', (answer) => usersOf(answer).join('/') === '2/2/2');
    run.workers[1].child.kill('SIGKILL');
    await until('3/3 on the two left', (answer) => usersOf(answer).join('/') === '3/3');
    // What each worker's own drive runs once it has its 3 users, as its console announces it.
    const classes = (i: number) =>
      [...run.workers[i].stdout().matchAll(/All users spawned: (\{[^}]*\}) \(3 total users[;)]/g)]
        .map((match) => JSON.parse(match[1]) as Record<string, number>)
        .at(-1);
    await waitLong(
      () => classes(0) !== undefined && classes(2) !== undefined,
      () => run.workers.map((worker) => worker.stdout()).join('\n'),
    );
    const left = [classes(0), classes(2)] as Record<string, number>[];
    const total = (name: string) => left.reduce((sum, counts) => sum + (counts[name] ?? 0), 0);
    // One process with 6 users of 3:1 runs Heavy Heavy Light Heavy Heavy Heavy: 5 and 1.
    expect({ Heavy: total('Heavy'), Light: total('Light') }, JSON.stringify(left)).toEqual({
      Heavy: 5,
      Light: 1,
    });
    // Their places follow the order they joined in: which took which is not fixed.
    const told = [0, 2].map(
      (i) => /positions \d\/2 of the run's users: ([^)]*)\)/.exec(run.workers[i].stdout())?.[1],
    );
    expect(told.sort()).toEqual(['Heavy 2, Light 1', 'Heavy 3, Light 0']);
  }, 180_000);

  it('Start with no worker connected is refused in one line, and the UI stays ready', async () => {
    const master = startJourneys(
      ['run', '--master', '--master-bind-port', '0', '--web', '--web-port', '0', '-f', byProcess],
      { timeoutMs: 90_000 },
    );
    try {
      await printedLong(master, 'web UI at');
      const ui = /web UI at (http:\/\/127\.0\.0\.1:\d+)/.exec(master.stdout())?.[1];
      const refused = await fetch(`${ui}/swarm`, {
        method: 'POST',
        body: new URLSearchParams({ user_count: '2', spawn_rate: '2' }),
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({
        success: false,
        message: expect.stringMatching(/^no worker is connected to the master/),
      });
      expect(await (await fetch(`${ui}/stats/requests`)).json()).toMatchObject({
        state: 'ready',
        worker_count: 0,
        workers: [],
      });
    } finally {
      master.child.kill('SIGINT');
    }
    expect((await master.done).code).toBe(0);
  }, 120_000);

  it('refuses --worker with the web UI in one line: the workers run headless', async () => {
    for (const args of [
      ['run', '--worker', '--web', '-f', byProcess],
      ['web', '--worker', '-f', byProcess],
    ]) {
      const refused = await journeys(args);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/^error: --worker with the web UI — give --web to the master[^\n]*\n$/);
    }
  }, 60_000);
});
