/**
 * The distributed mode end to end: a master and three workers of `journeys run`, each its
 * own process on loopback, against one counting target. The merged statistics equal the sum
 * of the workers' own and the target's count; the first requests start together; a worker
 * killed with SIGKILL leaves the run going; SIGTERM to the master ends every process with
 * their reports written.
 */
import { existsSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { cliBench, type Finished, journeys, summaryOf } from '../testing/cli-harness.ts';
import {
  aggregated,
  byProcess,
  type DistributedRun,
  printedLong,
  servedByWorkers,
  startDistributedRun,
} from '../testing/distributed-run.ts';
import { alive } from '../testing/process-tree.ts';

const bench = cliBench('distributed');

let current: DistributedRun | undefined;
afterEach(() => current?.kill());
const started = async (options: Parameters<typeof startDistributedRun>[0]): Promise<DistributedRun> => {
  current = await startDistributedRun(options);
  return current;
};

describe('journeys run --master / --worker', () => {
  it('merges three workers into one run: counts add up exactly, the start is synchronized, testStart runs once on the master', async () => {
    // How long this machine kept a process from running during the test: the start promise is
    // 100 ms between workers that get the CPU, so a busy machine's own stall is allowed on top.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const run = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 3,
      load: '-u 6 -r 60 -t 4s --stop-timeout 10s',
    });
    const [master, ...workers] = await Promise.all([
      run.master.done,
      ...run.workers.map((worker) => worker.done),
    ]);
    expect(master.code, master.stdout + master.stderr).toBe(0);
    for (const worker of workers) expect(worker.code, worker.stdout + worker.stderr).toBe(0);

    const merged = await aggregated(run.masterPrefix);
    const perWorker = await Promise.all([0, 1, 2].map((i) => aggregated(run.workerPrefix(i))));
    expect(merged).toBeGreaterThan(0);
    expect(merged).toBe(perWorker.reduce((sum, n) => sum + n, 0));
    expect(merged).toBe(servedByWorkers(bench.target.served));
    // No exception: every journey got the master's testStart data, made in another process.
    const summary = await summaryOf(run.masterPrefix);
    expect(summary.exceptions ?? []).toEqual([]);
    expect(
      summary.run.workers.map((worker: { share: string; state: string }) => [worker.share, worker.state]),
    ).toEqual([
      ['0/3', 'done'],
      ['1/3', 'done'],
      ['2/3', 'done'],
    ]);
    expect(master.stdout).toContain('the load goes to 3 worker(s)');

    // Each worker's first request by the target's clock: within 100 ms of the others'.
    const first = new Map<string, number>();
    for (const { path, at } of bench.target.arrivals)
      if (path.startsWith('/by/') && !first.has(path)) first.set(path, at);
    expect(first.size).toBe(3);
    const spread = Math.max(...first.values()) - Math.min(...first.values());
    stalls.disable();
    const stallMs = Math.round(stalls.max / 1e6);
    console.log(
      `first requests of 3 workers spread over ${spread.toFixed(1)} ms (longest stall ${stallMs} ms)`,
    );
    expect(spread).toBeLessThanOrEqual(100 + stallMs);
  }, 120_000);

  it('a worker killed with SIGKILL mid-run is named missing, its snapshots kept; the run goes on', async () => {
    const run = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 3,
      load: '-u 6 -r 60 -t 10s',
    });
    await printedLong(run.master, 'All users spawned');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    run.workers[1].child.kill('SIGKILL');
    const [master, first, killed, third] = await Promise.all([
      run.master.done,
      ...run.workers.map((worker) => worker.done),
    ]);
    expect(killed.signal).toBe('SIGKILL');
    expect(first.code).toBe(0);
    expect(third.code).toBe(0);
    expect(master.stdout).toMatch(/worker \S+ lost \(no word for 5 s\)/);
    const summary = await summaryOf(run.masterPrefix);
    // Workers are named host-pid and indexed in the order they joined.
    const killedName = new RegExp(`-${run.workers[1].child.pid}$`);
    const states = summary.run.workers.map((worker: { name: string; state: string }) => [
      killedName.test(worker.name),
      worker.state,
    ]);
    expect(states.sort()).toEqual([
      [false, 'done'],
      [false, 'done'],
      [true, 'missing'],
    ]);
    // The lost worker's requests up to its last snapshot stay in the merged run.
    const survivors = (await aggregated(run.workerPrefix(0))) + (await aggregated(run.workerPrefix(2)));
    expect(await aggregated(run.masterPrefix)).toBeGreaterThan(survivors);
  }, 120_000);

  it('SIGTERM to the master stops every worker; all write their reports and exit', async () => {
    const run = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 3,
      load: '-u 6 -r 60 -t 60s',
    });
    await printedLong(run.master, 'All users spawned');
    run.master.child.kill('SIGTERM');
    const ended: Finished[] = await Promise.all([
      run.master.done,
      ...run.workers.map((worker) => worker.done),
    ]);
    expect(ended.map((process) => process.code)).toEqual([143, 143, 143, 143]);
    for (const prefix of [run.masterPrefix, run.workerPrefix(0), run.workerPrefix(1), run.workerPrefix(2)])
      expect(existsSync(`${prefix}_summary.json`), prefix).toBe(true);
    for (const process of [run.master, ...run.workers]) expect(alive(process.child.pid ?? 0)).toBe(false);
    expect(await aggregated(run.masterPrefix)).toBe(
      (await Promise.all([0, 1, 2].map((i) => aggregated(run.workerPrefix(i))))).reduce(
        (sum, n) => sum + n,
        0,
      ),
    );
  }, 120_000);

  it('a master killed with SIGKILL: each worker stops on its own and writes its reports', async () => {
    const run = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 2,
      load: '-u 4 -r 40 -t 60s',
    });
    await printedLong(run.master, 'All users spawned');
    const killedAt = Date.now();
    run.master.child.kill('SIGKILL');
    const workers = await Promise.all(run.workers.map((worker) => worker.done));
    console.log(`workers exited ${Date.now() - killedAt} ms after the master was killed`);
    for (const [i, worker] of workers.entries()) {
      expect(worker.stdout).toContain('is lost');
      expect(worker.stdout).toContain('stopped early: the master was lost');
      expect(existsSync(`${run.workerPrefix(i)}_summary.json`)).toBe(true);
    }
  }, 120_000);

  it('refuses in one line: other user modules, a wrong token, a public address without a token', async () => {
    const run = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 1,
      load: '-u 1 -t 1s',
      workerArgs: ['-f', 'runner/testing/users'],
    });
    const refused = await run.workers[0].done;
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain("the worker's user modules differ from the master's");
    run.master.child.kill('SIGTERM');
    expect((await run.master.done).code).toBe(143);

    const guarded = await started({
      dir: bench.dir,
      target: bench.target.url,
      count: 1,
      load: '-u 1 -t 1s',
      masterArgs: ['--master-token', 'right'],
      workerArgs: ['--master-token', 'wrong'],
    });
    const wrong = await guarded.workers[0].done;
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /^error: the master at \S+ refused this worker: wrong or missing token[^\n]*\n$/,
    );
    guarded.master.child.kill('SIGTERM');
    expect((await guarded.master.done).code).toBe(143);

    const open = await journeys([
      'run',
      '--master',
      '--master-bind-host',
      '0.0.0.0',
      '-f',
      byProcess,
      '-u',
      '1',
    ]);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(
      /^error: --master-bind-host 0\.0\.0\.0 lets other machines in — give a shared token/,
    );
  }, 120_000);
});
