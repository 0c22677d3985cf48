/**
 * `journeys web` and `journeys run --web`: the web UI on http://127.0.0.1:8089 with the
 * same user modules, profiles and flags as `run`. `--autostart` starts a test at once with
 * the given flags, `--autoquit N` ends the process N seconds after a run ends (as Locust's).
 */
import { listProfiles, loadProfile } from '../config/load.ts';
import type { CliFlags } from '../config/run-config.ts';
import { resolveRunConfig } from '../config/run-config.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import type { MasterOptions } from '../distributed/run-master.ts';
import type { RunOutput } from '../drive/run-session.ts';
import { watchSignals } from '../drive/signals.ts';
import type { StopSignal } from '../errors.ts';
import { runnerVersion } from '../version.ts';
import { WebController } from '../web/controller.ts';
import { checkWebBinding } from '../web/guard.ts';
import type { PageSettings } from '../web/page.ts';
import { startWebServer } from '../web/server.ts';
import { ignoreClosedOutput } from './closed-output.ts';

export interface WebOptions {
  host: string;
  port: number;
  auth?: string;
  /** `--web-allowed-hosts`: more names the UI answers to (a DNS name, a proxy's). */
  allowedHosts?: string[];
  autostart: boolean;
  /** Seconds after a run ends to exit; undefined = serve until Ctrl-C. */
  autoquit?: number;
  targetMetrics?: string;
  /** `--master`: the tests' load goes to the workers that connect (runner/distributed/web-master.ts). */
  master?: MasterOptions;
}

/**
 * Serves the UI until Ctrl-C (or `--autoquit`); resolves with the exit code (the last run's
 * with --autoquit, else 0).
 */
export async function runWeb(
  profileName: string | undefined,
  flags: CliFlags,
  output: RunOutput,
  web: WebOptions,
  out: NodeJS.WritableStream = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  ignoreClosedOutput(out);
  ignoreClosedOutput(errors);
  // Before anything slower: an open binding without a login is refused at once.
  checkWebBinding(web.host, web.auth);
  const profile = profileName === undefined ? undefined : await loadProfile(profileName);
  // The flags are checked now, as `run` checks them: a bad value is a one-line error before any server.
  const config = resolveRunConfig(profile, flags);
  const { users } = await discoverUserClasses(config.usersModules);
  // Imported here: a plain web UI does not load the distributed mode.
  const distributed = web.master
    ? await (await import('../distributed/web-master.ts')).startWebMaster(config, web.master, (line) =>
        out.write(`${line}\n`),
      )
    : undefined;
  const controller = new WebController({
    ...(distributed ? { master: distributed.master } : {}),
    flags,
    ...(profileName === undefined ? {} : { profileName }),
    loadProfile: (name) => loadProfile(name),
    output,
    out,
    errors,
    userClasses: users,
  });
  const settings = async (): Promise<PageSettings> => ({
    userClasses: users.map((user) => ({ name: user.name, weight: user.weight, fixedCount: user.fixedCount })),
    profiles: (await listProfiles()).map((p) => p.name),
    defaults: {
      profile: profileName ?? '',
      users: config.arrivals ? 1 : config.users,
      spawnRate: config.arrivals ? 1 : config.spawnRate,
      arrivalRate: flags.arrivalRate === undefined ? null : Number(flags.arrivalRate),
      maxUsers: flags.maxUsers === undefined ? null : Number(flags.maxUsers),
      host: config.host ?? '',
      runTime: flags.runTime === undefined ? '' : String(flags.runTime),
      tags: config.tags,
      userClasses: [...config.classNames],
    },
    version: runnerVersion(),
  });
  const server = await startWebServer({
    controller,
    host: web.host,
    port: web.port,
    settings,
    ...(web.auth === undefined ? {} : { auth: web.auth }),
    ...(web.allowedHosts === undefined ? {} : { allowedHosts: web.allowedHosts }),
    ...(web.targetMetrics === undefined ? {} : { targetMetrics: web.targetMetrics }),
  });
  out.write(`journeys web UI at ${server.url} (Ctrl-C to quit)\n`);
  const { promise: quit, resolve: resolveQuit } = Promise.withResolvers<number>();
  // Ctrl-C: stop a running test (its files are written), then quit; a second one exits at once.
  let quitBy: StopSignal | undefined;
  const signals = watchSignals(async (signal) => {
    quitBy = signal;
    if (controller.live() || controller.state() === 'spawning') {
      controller.stop(signal);
      await controller.ended();
    }
    resolveQuit(controller.last()?.exitCode ?? 0);
  });
  try {
    if (web.autostart) {
      // A master starts once its --expect-workers are connected, as headless.
      if (distributed && web.master)
        await Promise.race([distributed.connected(web.master.expectWorkers), quit]);
      if (quitBy === undefined) await controller.start({});
      if (web.autoquit !== undefined) {
        const result = await controller.ended();
        const seconds = web.autoquit;
        setTimeout(() => resolveQuit(result?.exitCode ?? 1), seconds * 1000).unref();
      }
    }
    return await quit;
  } finally {
    await server.close();
    await distributed?.close(quitBy ?? 'duration');
    signals.dispose();
  }
}
