/**
 * The `journeys` command line: `run`, `list`, `validate`, `--version`. User mistakes end
 * as one line each — `error: <what> (<where>) — <how to fix>` — and exit code 2 (3 for an
 * unreachable target), never a stack trace.
 */

import { resolve } from 'node:path';
import { Command, CommanderError, Help } from 'commander';
import { defaultUsersModule } from '../config/default-users-module.ts';
import { type CliFlags, pickCliFlags, type RunSettingKey } from '../config/flags.ts';
import { usersModuleProblems } from '../config/profile-problems.ts';
import { type RunConfig, resolveRunConfig } from '../config/run-config.ts';
import type { Profile } from '../config/schema.ts';
import type { SettingValue } from '../config/setting.ts';
import { nameList } from '../config/setting-values.ts';
import type { SettingKey, Settings } from '../config/settings.ts';
import { listLines } from '../console/list.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { keepStrippedSources } from '../discovery/stripped-sources.ts';
import { DEFAULT_MASTER_PORT } from '../distributed/protocol.ts';
import { formatRunnerError, RunnerError } from '../errors.ts';
import { readRunId, readShard } from '../load-model/shard.ts';
import { runnerVersion } from '../version.ts';
import { checkDistributedFlags, masterToken, masterUrl } from './distributed-flags.ts';
import { addInitCommand } from './init.ts';
import { addLocustHabits, type LocustFlags, refuseLocustOnly } from './locust-habits.ts';
import { addReportCommands } from './report.ts';
import { runLoadTest } from './run.ts';
import { addSettingOptions, basicsHelp, checkNeeds, foldAliases, suggestFlag } from './setting-options.ts';

/** What commander hands the run action: the run's settings as given, the others read (settings.ts). */
type RunFlags = CliFlags &
  LocustFlags & { [K in Exclude<SettingKey, RunSettingKey>]?: SettingValue<Settings[K]> } & {
    webHost: string;
    webPort: number;
    exitCodeOnError: number;
    resultsDir: string;
  };

/**
 * Profiles are read with yaml and checked with ajv, which cost every run's start-up
 * (docs/performance.md): they are imported when a profile is named, listed or validated.
 */
const profiles = () => import('../config/load.ts');

/** What the bin awaits before it exits: every console line has reached a slow pipe. */
export { flushOutput } from '../console/flush-output.ts';
/** `journeys <version> (node <version>)`: the runner's version from package.json and Node's. */
export function versionLine(): string {
  return `journeys ${runnerVersion()} (node ${process.version})`;
}

/**
 * Runs the command line; resolves with the process exit code.
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
  // The published package (compiled JavaScript): strip the user's modules once, for every thread.
  if (import.meta.url.endsWith('.js')) keepStrippedSources();
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its one line already; help and --version are not errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof RunnerError) {
      for (const line of formatRunnerError(error)) process.stderr.write(`${line}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('journeys')
    .description('Locust-style load tests in TypeScript')
    .version(versionLine(), '-V, --version', 'print the runner and Node versions')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ outputError: oneLineError() });

  // Subcommands inherit exitOverride and the one-line error output from the program.
  const runAction = async (classNames: string[], flags: RunFlags, command: Command, webCommand: boolean) => {
    refuseLocustOnly(flags);
    checkDistributedFlags(flags, webCommand);
    checkNeeds(command, webCommand ? ['--web'] : []);
    foldAliases(flags);
    const modules = flags.usersModule === undefined ? undefined : nameList(flags.usersModule as string[]);
    const shard = readShard(flags.shard, process.env.JOURNEYS_SHARD);
    const runId = readRunId(process.env.JOURNEYS_RUN_ID);
    const profile =
      flags.profile === undefined ? undefined : await (await profiles()).loadProfile(flags.profile);
    if (flags.profile !== undefined && profile && !modules) {
      // Named with the profile's file and line, as validate names it.
      const missing = await usersModuleProblems((await profiles()).profilePath(flags.profile), profile);
      if (missing.length > 0)
        throw new RunnerError('users module not found', {
          code: 'USERS_MODULE_NOT_FOUND',
          problems: missing,
        });
    }
    if (flags.list) {
      const { users } = await discoverUserClasses(modules ?? [profile?.users_module ?? defaultUsersModule()]);
      for (const line of listLines(users)) process.stdout.write(`${line}\n`);
      return;
    }
    const cliFlags = pickCliFlags(flags, classNames);
    const output = {
      csvPrefix: flags.csv,
      htmlFile: flags.html,
      junitFile: flags.junit,
      prometheusPort: flags.prometheusPort,
      resultsDir: flags.resultsDir,
      exitCodeOnError: flags.exitCodeOnError,
      ...(runId ? { runId } : {}),
      liveConsole: {
        ...(flags.onlySummary ? { onlySummary: true } : {}),
        ...(flags.loglevel ? { logLevel: flags.loglevel } : {}),
      },
    };
    if (flags.worker) {
      // A worker takes the run's settings from its master; its own are where its modules are and its threads.
      const named = modules ?? [profile?.users_module ?? defaultUsersModule()];
      const token = masterToken(flags);
      // Imported here, as the web UI is: a run on its own loads neither side of a distributed run (Hono).
      const { runWorker } = await import('../distributed/run-worker.ts');
      setExitCode(
        await runWorker(output, {
          masterUrl: masterUrl(flags),
          usersModules: named.map((module) => resolve(module)),
          ...(token === undefined ? {} : { token }),
          ...(flags.threads === undefined ? {} : { threads: Number(flags.threads) }),
        }),
      );
      return;
    }
    if (flags.web || webCommand) {
      // Imported here: the web UI (Hono and its server) is not loaded by headless runs.
      const { runWeb } = await import('./web.ts');
      const token = masterToken(flags);
      const master = flags.master
        ? {
            master: {
              bindHost: flags.masterBindHost ?? '127.0.0.1',
              bindPort: flags.masterBindPort ?? DEFAULT_MASTER_PORT,
              expectWorkers: flags.expectWorkers ?? 1,
              ...(token === undefined ? {} : { token }),
            },
          }
        : {};
      setExitCode(await runWeb(flags.profile, cliFlags, output, { ...webOptions(flags), ...master }));
      return;
    }
    const config = resolveRunConfig(profile, cliFlags, shard ? { shardCount: shard.count } : {});
    if (shard) config.shard = shard;
    if (flags.profile !== undefined && profile?.user_classes && classNames.length === 0) {
      const named = modules ?? [profile.users_module ?? defaultUsersModule()];
      await checkProfileClasses(
        (await profiles()).profilePath(flags.profile),
        profile,
        config,
        named.join(', '),
      );
    }
    if (flags.master) {
      const token = masterToken(flags);
      const { runMaster } = await import('../distributed/run-master.ts');
      setExitCode(
        await runMaster(config, output, {
          bindHost: flags.masterBindHost ?? '127.0.0.1',
          bindPort: flags.masterBindPort ?? DEFAULT_MASTER_PORT,
          expectWorkers: flags.expectWorkers ?? 1,
          ...(token === undefined ? {} : { token }),
        }),
      );
      return;
    }
    setExitCode(await runLoadTest(config, output));
  };

  const run = program
    // Locust habit: `journeys -u 5 -r 1 -t 10s` with no sub-command runs.
    .command('run', { isDefault: true })
    .description('run a load test (embedded service unless a host is given)')
    .argument('[UserClass...]', 'user classes to run (default: the profile’s, or every class)');
  addSettingOptions(run);
  run.configureOutput({ outputError: oneLineError(run) });
  addLocustHabits(run);
  run.action((classNames: string[], flags: RunFlags, command: Command) =>
    runAction(classNames, flags, command, false),
  );

  // `journeys web` is `journeys run --web`: the same flags, one definition.
  const web = program
    .command('web')
    .description('serve the web UI on http://127.0.0.1:8089 (as Locust’s): start, watch, edit and stop tests')
    .argument('[UserClass...]', 'user classes offered first (default: the profile’s, or every class)');
  for (const option of run.options) if (option.long !== '--web') web.addOption(option);
  web.configureOutput({ outputError: oneLineError(web) });
  web.action((classNames: string[], flags: RunFlags, command: Command) =>
    runAction(classNames, flags, command, true),
  );

  program
    .command('list')
    .description('list user classes (weights, wait times), their journeys (tags, steps) and the profiles')
    .option(
      '-f, --users-module <path>',
      'file or folder of user classes (default users/; repeatable)',
      collect,
    )
    .action(async (flags: { usersModule?: string[] }) => {
      const { users } = await discoverUserClasses(flags.usersModule ?? [defaultUsersModule()]);
      const names = await (await profiles()).listProfiles();
      for (const line of listLines(users, names)) process.stdout.write(`${line}\n`);
    });

  program
    .command('validate')
    .description('check profiles and user modules without running (default: profiles/ and users/)')
    .argument('[paths...]', 'profile YAML files, user modules, or folders of either')
    .action(async (paths: string[]) => {
      const { validatePaths } = await import('./validate.ts');
      const report = await validatePaths(paths);
      for (const problem of report.problems) process.stderr.write(`error: ${problem}\n`);
      if (report.problems.length > 0) {
        setExitCode(2);
        return;
      }
      process.stdout.write(`ok: ${report.profiles} profile(s), ${report.userClasses} user class(es)\n`);
    });

  addReportCommands(program, setExitCode);
  addInitCommand(program);

  // `journeys --help` shows what a Locust user types first, before the list of commands.
  program.configureHelp({
    formatHelp: (command, helper) =>
      new Help().formatHelp(command, helper).replace(/\nOptions:/, `${basicsHelp()}\n\nOptions:`),
  });
  return program;
}

/**
 * Every class of the profile's `user_classes` its users module does not export, at once and
 * in `validate`'s format (`file:line: user_classes.X: …`); the run itself would stop at the first.
 */
async function checkProfileClasses(file: string, profile: Profile, config: RunConfig, modules: string) {
  const { users } = await discoverUserClasses(config.usersModules);
  const names = users.map((user) => user.name);
  const { userClassProblems } = await import('../config/user-class-problems.ts');
  const problems = await userClassProblems(file, Object.keys(profile.user_classes ?? {}), names, modules);
  if (problems.length > 0) {
    throw new RunnerError('unknown user classes in the profile', { code: 'USER_CLASS_UNKNOWN', problems });
  }
}

/**
 * Commander's errors on one line ("(Did you mean --run-time?)" comes on a line of its own),
 * with a did-you-mean over every long flag of `command`, hidden ones included.
 */
function oneLineError(command?: Command): (text: string, write: (text: string) => void) => void {
  return (text, write) => {
    let line = text
      .trim()
      .split(/\s*\n\s*/)
      .join(' ');
    const unknown = line.match(/unknown option '(--[^']+)'$/);
    const near = command && unknown ? suggestFlag(unknown[1], command) : undefined;
    if (near) line += ` (Did you mean ${near}?)`;
    write(`${line}\n`);
  };
}

/** Repeatable options: `--tags a --tags b,c` → ['a', 'b,c'] (split later by the flag checks). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function webOptions(flags: RunFlags) {
  return {
    host: flags.webHost,
    port: flags.webPort,
    autostart: flags.autostart === true,
    ...(flags.webAuth === undefined ? {} : { auth: flags.webAuth }),
    ...(flags.webAllowedHosts === undefined ? {} : { allowedHosts: flags.webAllowedHosts }),
    ...(flags.autoquit === undefined ? {} : { autoquit: flags.autoquit }),
    ...(flags.targetMetrics === undefined ? {} : { targetMetrics: flags.targetMetrics }),
  };
}
