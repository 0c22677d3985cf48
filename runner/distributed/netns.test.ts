/**
 * The distributed mode across separate hosts: a master and three workers, each worker in a
 * network namespace of its own (runner/testing/netns-hosts.ts), reaching the master and the
 * target over a bridge with a shared token, as machines on one network would. Skipped, with
 * the reason, where the machine cannot make namespaces.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourneys, summaryOf } from '../testing/cli-harness.ts';
import { aggregated, byProcess, servedByWorkers, waitLong } from '../testing/distributed-run.ts';
import {
  inNamespace,
  makeNetnsHosts,
  type NetnsHosts,
  namespaceOf,
  netnsUnavailable,
} from '../testing/netns-hosts.ts';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';

const unavailable = netnsUnavailable();
if (unavailable) console.log(`network namespace test skipped: ${unavailable}`);

let hosts: NetnsHosts | undefined;
let target: TargetServer | undefined;
let dir = '';

beforeAll(async () => {
  if (unavailable) return;
  hosts = makeNetnsHosts(3);
  target = await startTargetServer({ answerEveryPath: true, host: hosts.hostAddress });
  dir = await mkdtemp(join(tmpdir(), 'journeys-netns-'));
});
afterAll(async () => {
  await target?.close();
  hosts?.remove();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(unavailable !== undefined)(
  'journeys run --master / --worker across network namespaces',
  () => {
    it('three workers on hosts of their own join the master by its address; the merged counts are the target’s', async () => {
      const net = hosts!;
      const masterPrefix = join(dir, 'master');
      const master = startJourneys(
        [
          'run',
          '--master',
          '--expect-workers',
          '3',
          '--master-bind-host',
          net.hostAddress,
          '--master-bind-port',
          '0',
          '--master-token',
          'netns-test',
          '-f',
          byProcess,
          '-H',
          target!.url,
          '--csv',
          masterPrefix,
          ...'-u 6 -r 60 -t 5s --stop-timeout 10s'.split(' '),
        ],
        { timeoutMs: 90_000 },
      );
      let port = '';
      await waitLong(
        () => {
          port =
            new RegExp(`master at http://${net.hostAddress.replaceAll('.', '\\.')}:(\\d+)`).exec(
              master.stdout(),
            )?.[1] ?? '';
          return port !== '';
        },
        () => `the master never said its port: ${master.stdout()}`,
      );
      const workerPrefix = (i: number) => join(dir, `worker${i}`);
      const workers = net.workers.map((worker, i) =>
        startJourneys(
          [
            'run',
            '--worker',
            '--master-host',
            net.hostAddress,
            '--master-port',
            port,
            '--master-token',
            'netns-test',
            '-f',
            byProcess,
            '--threads',
            '1',
            '--csv',
            workerPrefix(i),
          ],
          { wrap: (argv) => inNamespace(worker.namespace, argv), timeoutMs: 90_000 },
        ),
      );
      // Each worker runs in its own namespace (the kernel says which), not on this host's network.
      await waitLong(
        () => workers.every((worker) => worker.stdout().includes('joined the master')),
        () => workers.map((worker) => worker.stdout()).join('\n'),
      );
      workers.forEach((worker, i) => {
        expect(namespaceOf(worker.child.pid ?? 0)).toBe(net.workers[i].namespace);
      });

      const [ended, ...done] = await Promise.all([master.done, ...workers.map((worker) => worker.done)]);
      expect(ended.code, ended.stdout + ended.stderr).toBe(0);
      for (const worker of done) expect(worker.code, worker.stdout + worker.stderr).toBe(0);
      const merged = await aggregated(masterPrefix);
      const perWorker = await Promise.all([0, 1, 2].map((i) => aggregated(workerPrefix(i))));
      expect(merged).toBeGreaterThan(0);
      expect(merged).toBe(perWorker.reduce((sum, n) => sum + n, 0));
      expect(merged).toBe(servedByWorkers(target!.served));
      const summary = await summaryOf(masterPrefix);
      expect(summary.run.workers.map((worker: { state: string }) => worker.state)).toEqual([
        'done',
        'done',
        'done',
      ]);
    }, 180_000);
  },
);
