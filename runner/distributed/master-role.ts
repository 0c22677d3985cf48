/**
 * What makes a run session the master's, headless (run-master.ts) or under the web UI
 * (web-master.ts): the workers are its load pool, the start is one time for all, summary.json
 * lists the workers, and a change of load (an Edit, a worker lost) is spread over the workers
 * still running, each taking its share as a shard would (runner/load-model/shard.ts) and
 * the positions of the run's users that go with it, so the classes' totals are the run's.
 */
import type { RunConfig } from '../config/run-config.ts';
import type { StopReason } from '../drive/drive-load.ts';
import type { LiveRun, SessionRole } from '../drive/run-session.ts';
import type { LoadChange } from '../load-model/load-model.ts';
import { shareOf } from '../load-model/shard.ts';
import { START_LEAD_MS, type UserPositions } from './protocol.ts';
import { createRemotePool } from './remote-pool.ts';
import type { RemoteWorker, WorkerRegistry } from './worker-registry.ts';

/**
 * The master probes its event loop ten times a second, not a hundred: it sends no requests,
 * so its lag is in no latency, and each probe wakes the idle loop — at 10 ms the probes were
 * a quarter of the master's CPU (docs/performance.md). A lag that would delay its answers
 * to the workers still shows.
 */
const MASTER_LAG_RESOLUTION_MS = 100;

/** One worker as summary.json's `run.workers` and the web UI show it. */
export interface WorkerView {
  name: string;
  index: number;
  /** `index/count` of the shares handed out at the start. */
  share: string;
  state: RemoteWorker['state'];
  /** The users it said it runs, at its last poll. */
  users: number;
  snapshots: number;
  exitCode?: number;
}

export interface MasterRole {
  role: SessionRole;
  /** Spreads the Edit just applied to the master's own model over the running workers. */
  edit(change: LoadChange): void;
  workers(): WorkerView[];
}

/** The workers in the run as summary.json and the web UI list them. */
export function workerViews(registry: WorkerRegistry): WorkerView[] {
  const given = registry.workers.filter((worker) => worker.index >= 0);
  return given.map((worker) => ({
    name: worker.name,
    index: worker.index,
    share: `${worker.index}/${given.length}`,
    state: worker.state,
    users: worker.users,
    snapshots: worker.snapshots,
    ...(worker.exitCode === undefined ? {} : { exitCode: worker.exitCode }),
  }));
}

/**
 * Worker `place` of `count`'s part of the whole run's load: users by position (remainders to
 * the first), the spawn rate in proportion so all reach their users together; an arrival rate
 * stays whole, as each worker takes every count-th arrival of the schedule.
 * @example shareOfLoad({ users: 12, spawnRate: 6 }, 1, 3) // { users: 4, spawnRate: 2 }
 */
export function shareOfLoad(load: LoadChange, place: number, count: number): LoadChange {
  const share: LoadChange = {};
  if (load.arrivalRate !== undefined) share.arrivalRate = load.arrivalRate;
  if (load.users !== undefined) {
    share.users = shareOf(load.users, { index: place, count });
    if (load.spawnRate !== undefined)
      share.spawnRate = load.users > 0 ? (load.spawnRate * share.users) / load.users : load.spawnRate;
  } else if (load.spawnRate !== undefined) {
    share.spawnRate = load.spawnRate / count;
  }
  return share;
}

/** A worker's part of a change of load: with users, which of the run's users they are. */
export type WorkerLoad = LoadChange & { positions?: UserPositions };

/**
 * A change of the whole run's load spread over `count` workers: worker k takes its share
 * (shareOfLoad) and, with users, the positions k, k+count… of the run's sequence of classes,
 * as Locust's dispatcher hands users to workers in turn. The workers' positions then make up
 * the first `users` of the sequence, so each class's total is what one process would run, in
 * whichever order the workers joined and whichever were lost.
 * @example spreadLoad({ users: 12, spawnRate: 6 }, 3)[1] // { users: 4, spawnRate: 2, positions: { index: 1, count: 3 } }
 */
export function spreadLoad(load: LoadChange, count: number): WorkerLoad[] {
  return Array.from({ length: count }, (_, place) => ({
    ...shareOfLoad(load, place, count),
    ...(load.users === undefined ? {} : { positions: { index: place, count } }),
  }));
}

/**
 * @example
 * const master = masterRole(registry, config, print, () => signal, () => session?.live());
 * const session = startRunSession(config, output, out, errors, master.role);
 */
export function masterRole(
  registry: WorkerRegistry,
  wholeRun: RunConfig,
  print: (line: string) => void,
  stopReason: () => StopReason | undefined,
  live: () => LiveRun | undefined,
): MasterRole {
  // The whole run's load as last set: the form's Edit, or the settings it started with.
  let spawnRate = wholeRun.spawnRate;
  let edited = false;

  const spread = (load: LoadChange) => {
    // A worker still getting ready takes its share once it runs (changes wait for that).
    const running = registry.workers.filter(
      (worker) => worker.index >= 0 && (worker.state === 'running' || worker.state === 'ready'),
    );
    const shares = spreadLoad(load, running.length);
    running.forEach((worker, place) => {
      registry.change(worker, shares[place]);
    });
  };

  return {
    role: {
      async createPool(poolOptions) {
        const pool = await createRemotePool(registry, wholeRun, stopReason, poolOptions);
        const shares = workerViews(registry).map((worker) => `${worker.name} (shard ${worker.share})`);
        print(`the load goes to ${shares.length} worker(s): ${shares.join(', ')}`);
        // A worker lost or joining: the load is spread again over those running. Only a load
        // without a shape of its own (one plain stage, or after an Edit): a change flattens
        // a staged or shaped load, and a late worker would add iterations.
        const plain = () =>
          live()?.drive.model.kind === 'closed' &&
          (edited || !wholeRun.staged) &&
          wholeRun.iterations === undefined;
        const inLoad = () =>
          registry.workers.filter(
            (worker) => worker.index >= 0 && (worker.state === 'ready' || worker.state === 'running'),
          );
        let spreadOver = inLoad().length;
        registry.events.lateJoin = () =>
          plain()
            ? undefined
            : 'the run has already started, and its load (stages, a shape, arrivals or iterations) is not re-spread: start the worker before the master begins';
        const joined = registry.events.onJoin;
        registry.events.onJoin = (worker) => {
          joined?.(worker);
          print(`worker ${worker.name} joined mid-run (share ${worker.index}/${worker.index + 1})`);
        };
        const changed = registry.events.onChange;
        registry.events.onChange = () => {
          changed?.();
          const now = inLoad().length;
          if (now === spreadOver || now === 0 || registry.stopping()) return;
          spreadOver = now;
          const drive = live()?.drive;
          if (!drive || !plain()) return;
          const users = drive.targetUsers();
          spread({ users, spawnRate });
          print(`the load is spread again over ${now} worker(s): ${users} users in all`);
        };
        return pool;
      },
      async beforeLoad() {
        const startAt = Date.now() + START_LEAD_MS;
        registry.start(startAt);
        await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
      },
      metadata: () => ({ workers: workerViews(registry) }),
      selfCheck: { lagResolutionMs: MASTER_LAG_RESOLUTION_MS },
    },
    edit(change) {
      const drive = live()?.drive;
      if (!drive) return;
      edited = true;
      if (change.spawnRate !== undefined) spawnRate = change.spawnRate;
      if (change.arrivalRate !== undefined) return spread({ arrivalRate: change.arrivalRate });
      // The whole run's target after the master's own model took the change.
      spread({ users: change.users ?? drive.targetUsers(), spawnRate });
    },
    workers: () => workerViews(registry),
  };
}
