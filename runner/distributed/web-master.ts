/**
 * `journeys run --master --web`: the master's port for the workers beside the web UI. Each
 * test started in the UI runs on the workers connected then; an Edit is spread over them;
 * once the test ends they wait for the next (as Locust's workers do), beside any that joined
 * since, until the master closes and tells them all to quit.
 */
import type { RunConfig } from '../config/run-config.ts';
import type { StopReason } from '../drive/drive-load.ts';
import { RunnerError } from '../errors.ts';
import type { WebMaster } from '../web/controller.ts';
import { type MasterRole, masterRole } from './master-role.ts';
import { isLoopback, serveMaster } from './master-server.ts';
import { usersModulesHash } from './modules-hash.ts';
import { WAITING_POLL_MS } from './protocol.ts';
import type { MasterOptions } from './run-master.ts';
import { WorkerRegistry } from './worker-registry.ts';

export interface RunningWebMaster {
  master: WebMaster;
  url: string;
  /** Resolves once `count` workers are connected (for `--autostart`). */
  connected(count: number): Promise<void>;
  /** Tells the workers still polling to quit (each ends its process), then closes the port. */
  close(reason: StopReason): Promise<void>;
}

/** @example const { master, close } = await startWebMaster(config, { bindHost: '127.0.0.1', bindPort: 5557, expectWorkers: 1 }, print); */
export async function startWebMaster(
  config: RunConfig,
  options: MasterOptions,
  print: (line: string) => void,
): Promise<RunningWebMaster> {
  if (options.token === undefined && !isLoopback(options.bindHost)) {
    throw new RunnerError(`--master-bind-host ${options.bindHost} lets other machines in`, {
      code: 'MASTER_TOKEN_MISSING',
      hint: 'give a shared token with --master-token or JOURNEYS_MASTER_TOKEN (the workers give the same)',
    });
  }
  const registry = new WorkerRegistry(await usersModulesHash(config.usersModules), { keepsWorkers: true });
  const server = await serveMaster(registry, {
    host: options.bindHost,
    port: options.bindPort,
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  print(`master at ${server.url}: start workers with --worker, then Start in the web UI`);
  const waitingEvents = () => {
    registry.events = {
      onJoin: (worker) => print(`worker ${worker.name} joined (${registry.present().length} connected)`),
      onLost: (worker) => print(`worker ${worker.name} lost before the start`),
    };
  };
  waitingEvents();
  let current: MasterRole | undefined;
  let stopReason: StopReason | undefined;

  const master: WebMaster = {
    role(test, live) {
      if (registry.present().length === 0)
        throw new RunnerError('no worker is connected to the master', {
          code: 'NO_WORKERS',
          hint: `start workers with --worker --master-host … --master-port ${new URL(server.url).port}`,
        });
      stopReason = undefined;
      registry.events = {};
      current = masterRole(registry, test, print, () => stopReason, live);
      return current.role;
    },
    stopping(reason) {
      stopReason = reason;
    },
    edit: (change) => current?.edit(change),
    ended() {
      current = undefined;
      registry.reopen();
      waitingEvents();
      print(`${registry.present().length} worker(s) connected for the next test`);
    },
    workers: () =>
      current?.workers() ??
      registry.present().map((worker) => ({
        name: worker.name,
        share: '',
        state: worker.state,
        users: 0,
      })),
  };

  return {
    master,
    url: server.url,
    connected: (count) =>
      new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (registry.present().length < count) return;
          clearInterval(timer);
          resolve();
        }, 100);
      }),
    async close(reason) {
      stopReason = reason;
      const stoppedAt = Date.now();
      registry.quit(reason);
      const told = () =>
        registry.present().every((worker) => worker.state === 'done' || worker.lastSeen > stoppedAt);
      for (let waited = 0; !told() && waited < 5 * WAITING_POLL_MS; waited += 100)
        await new Promise((resolve) => setTimeout(resolve, 100));
      registry.close();
      await server.close();
    },
  };
}
