/**
 * The master's load pool: its "threads" are the workers. Each worker runs its share of the
 * run as a shard (runner/load-model/shard.ts) under the same load model, so the master's own
 * drive only keeps the clock, merges the workers' snapshots and sends the stop.
 */
import type { RunConfig } from '../config/run-config.ts';
import type { StopReason } from '../drive/drive-load.ts';
import { RunnerError } from '../errors.ts';
import type { LoadPool, LoadPoolOptions } from '../threads/pool.ts';
import { WORKER_LOST_AFTER_MS } from './protocol.ts';
import { configToWire } from './wire.ts';
import type { WorkerRegistry } from './worker-registry.ts';

/**
 * Hands every worker its share and resolves once each has its threads ready (or was lost).
 * @example const pool = await createRemotePool(registry, wholeRun, () => stopReason, options);
 */
export async function createRemotePool(
  registry: WorkerRegistry,
  wholeRun: RunConfig,
  stopReason: () => StopReason | undefined,
  options: LoadPoolOptions,
): Promise<LoadPool> {
  const config = configToWire({ ...wholeRun, shard: undefined });
  registry.events.onSnapshot = (snapshot) => options.onSnapshot(snapshot, 0);
  registry.events.onLost = (worker) =>
    options.onWorkerError(
      new Error(
        `worker ${worker.name} lost (no word for ${WORKER_LOST_AFTER_MS / 1000} s); its last snapshot is kept, the run goes on`,
      ),
      worker.index,
    );
  const first = registry.assign((index, count) => ({
    kind: 'run',
    config,
    index,
    count,
    host: options.host,
    testData: options.testData,
  }));
  if (first.length === 0)
    throw new RunnerError('no worker is connected', {
      code: 'NO_WORKERS',
      hint: 'start workers with --worker',
    });
  await registry.until(() => first.every((worker) => worker.state !== 'joined'));
  // Every worker given a share: those of the start and any that joined later.
  const given = () => registry.workers.filter((worker) => worker.index >= 0);

  // The load ends early once no worker runs it any more (iterations done, or all lost).
  const finished = () => given().every((worker) => worker.state === 'done' || worker.state === 'missing');
  void registry.until(finished).then(() => options.onIterationsDone?.());

  return {
    setUsers() {
      // Each worker's own drive follows the same model with its share: nothing to send.
    },
    startArrivals() {},
    runningUsers: () =>
      given().reduce(
        (sum, worker) => sum + (worker.state === 'running' || worker.state === 'ready' ? worker.users : 0),
        0,
      ),
    async stop() {
      registry.stop(stopReason() ?? 'duration');
      // Every worker's final snapshots come with its `done`; a silent one is lost within WORKER_LOST_AFTER_MS.
      await registry.until(finished);
    },
    async close() {},
  };
}
