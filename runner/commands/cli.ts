/**
 * The `journeys` command line: `run`, `list`, `validate`, `--version`. User mistakes end
 * as one line each — `error: <what> (<where>) — <how to fix>` — and exit code 2 (3 for an
 * unreachable target), never a stack trace.
 */

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ServiceFlags } from '../config/embedded-service-settings.ts';
import { listProfiles, loadProfile, profilePath } from '../config/load.ts';
import { usersModuleProblems } from '../config/profile-problems.ts';
import { type RunConfig, resolveRunConfig } from '../config/run-config.ts';
import type { Profile } from '../config/schema.ts';
import { userClassProblems } from '../config/user-class-problems.ts';
import { listLines } from '../console/list.ts';
import type { LogLevel } from '../console/live.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { formatRunnerError, RunnerError } from '../errors.ts';
import { readRunId, readShard } from '../load-model/shard.ts';
import { runnerVersion } from '../version.ts';
import { addLocustHabits, type LocustFlags, logLevelValue, refuseLocustOnly } from './locust-habits.ts';
import { addReportCommands } from './report.ts';
import { runLoadTest } from './run.ts';
import { validatePaths } from './validate.ts';
import { runWeb } from './web.ts';

interface RunFlags extends ServiceFlags, LocustFlags {
  onlySummary?: boolean;
  loglevel?: LogLevel;
  profile?: string;
  usersModule?: string[];
  users?: string;
  spawnRate?: string;
  arrivalRate?: string;
  maxUsers?: string;
  runTime?: string;
  host?: string;
  csv?: string;
  csvFullHistory?: boolean;
  html?: string;
  junit?: string;
  prometheusPort?: number;
  tags?: string[];
  excludeTags?: string[];
  seed?: string;
  threads?: string;
  maxThreads?: string;
  iterations?: string;
  stopTimeout?: string;
  threshold?: string[];
  abortOnThreshold?: boolean | string;
  exitCodeOnError: number;
  resultsDir: string;
  shard?: string;
  list?: boolean;
  web?: boolean;
  webHost: string;
  webPort: number;
  webAuth?: string;
  webAllowedHosts?: string[];
  autostart?: boolean;
  autoquit?: number;
  targetMetrics?: string;
}

/** `journeys <version> (node <version>)`: the runner's version from package.json and Node's. */
export function versionLine(): string {
  return `journeys ${runnerVersion()} (node ${process.version})`;
}

/**
 * Runs the command line; resolves with the process exit code.
 * @example process.exitCode = await main(process.argv);
 */
export async function main(argv: readonly string[]): Promise<number> {
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
    .configureOutput({
      // One line: commander's "(Did you mean --run-time?)" comes on a line of its own.
      outputError: (text, write) =>
        write(
          `${text
            .trim()
            .split(/\s*\n\s*/)
            .join(' ')}\n`,
        ),
    });

  // Subcommands inherit exitOverride and the one-line error output from the program.
  const runAction = async (classNames: string[], flags: RunFlags, webCommand: boolean) => {
    refuseLocustOnly(flags);
    if (flags.locustfile) flags.usersModule = [...(flags.usersModule ?? []), ...flags.locustfile];
    const shard = readShard(flags.shard, process.env.JOURNEYS_SHARD);
    const runId = readRunId(process.env.JOURNEYS_RUN_ID);
    const profile = flags.profile === undefined ? undefined : await loadProfile(flags.profile);
    if (flags.profile !== undefined && profile && !flags.usersModule && !flags.locustfile) {
      // Named with the profile's file and line, as validate names it.
      const missing = await usersModuleProblems(profilePath(flags.profile), profile);
      if (missing.length > 0)
        throw new RunnerError('users module not found', {
          code: 'USERS_MODULE_NOT_FOUND',
          problems: missing,
        });
    }
    if (flags.list) {
      const { users } = await discoverUserClasses(flags.usersModule ?? [profile?.users_module ?? 'users']);
      for (const line of listLines(users)) process.stdout.write(`${line}\n`);
      return;
    }
    const cliFlags = {
      classNames,
      users: flags.users,
      spawnRate: flags.spawnRate,
      arrivalRate: flags.arrivalRate,
      maxUsers: flags.maxUsers,
      runTime: flags.runTime,
      host: flags.host,
      tags: flags.tags,
      excludeTags: flags.excludeTags,
      seed: flags.seed,
      threads: flags.threads,
      maxThreads: flags.maxThreads,
      iterations: flags.iterations,
      stopTimeout: flags.stopTimeout,
      threshold: flags.threshold,
      usersModule: flags.usersModule,
      csvFullHistory: flags.csvFullHistory,
      abortOnThreshold: flags.abortOnThreshold,
      serviceDatabase: flags.serviceDatabase,
      serviceWorkers: flags.serviceWorkers,
      resetTarget: flags.resetTarget,
    };
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
    if (flags.web || webCommand) {
      setExitCode(await runWeb(flags.profile, cliFlags, output, webOptions(flags)));
      return;
    }
    const config = resolveRunConfig(profile, cliFlags);
    if (shard) config.shard = shard;
    if (flags.profile !== undefined && profile?.user_classes && classNames.length === 0) {
      const modules = flags.usersModule ?? [profile.users_module ?? 'users'];
      await checkProfileClasses(profilePath(flags.profile), profile, config, modules.join(', '));
    }
    setExitCode(await runLoadTest(config, output));
  };

  const run = program
    // Locust habit: `journeys -u 5 -r 1 -t 10s` with no sub-command runs.
    .command('run', { isDefault: true })
    .description('run a load test (embedded service unless a host is given)')
    .argument('[UserClass...]', 'user classes to run (default: the profile’s, or every class)')
    .option('--profile <name|path>', 'profile from profiles/ or a YAML file')
    .option(
      '-f, --users-module <path>',
      'file or folder of user classes (default users/; repeatable)',
      collect,
    )
    .option('-u, --users <n>', 'peak number of concurrent users')
    .option('-r, --spawn-rate <n>', 'users started per second')
    .option('--arrival-rate <n>', 'open model: journeys started per second, whatever the latency')
    .option('--max-users <n>', 'open model: most users in flight (default 10 × the peak rate, at least 10)')
    .option('-t, --run-time <duration>', 'stop after 15s, 2m, 1h30m or plain seconds')
    .option('-H, --host <url>', 'target base URL, e.g. http://127.0.0.1:8000')
    .option('--csv <prefix>', 'write PREFIX_stats.csv … (default: results/<profile>-<UTC time>/)')
    .option('--csv-full-history', 'write every endpoint into the stats history, not only Aggregated')
    .option('--html <file>', 'write the HTML report there too')
    .option('--junit <file>', 'write thresholds and invariants as JUnit XML (one testcase each)')
    .option(
      '--prometheus-port <n>',
      'serve live metrics on http://127.0.0.1:N/metrics during the run',
      portValue,
    )
    .option(
      '--tags <tags>',
      'run only journeys with one of these tags (comma-separated; repeatable)',
      collect,
    )
    .option(
      '--exclude-tags <tags>',
      'skip journeys with any of these tags (comma-separated; repeatable)',
      collect,
    )
    .option('--seed <n>', 'seed of every random choice (default: the profile’s, or random)')
    .option('--threads <n>', 'worker threads (default: cores minus one; at most 4 per core)')
    .option('--max-threads <n>', 'lift the cap on --threads / threads: (4 per core)')
    .option('-i, --iterations <n>', 'stop after this many journeys in the whole run')
    .option('--stop-timeout <duration>', 'time users get to finish their journey at the end (default 0)')
    .option(
      '--threshold <expr>',
      'pass/fail criterion, e.g. "p95<500ms" (repeatable; replaces the profile’s)',
      collect,
    )
    .option(
      '--abort-on-threshold [grace]',
      'stop early when a threshold fails (after an optional grace duration)',
    )
    .addOption(
      new Option('--exit-code-on-error <n>', 'exit code when any request failed or any error was raised')
        .default(1)
        .argParser(exitCodeValue),
    )
    .option('--results-dir <dir>', 'where runs without --csv write their folder', 'results')
    .option(
      '--service-database <url>',
      'no host: start the embedded service on this PostgreSQL (?schema=NAME for a schema) instead of in-memory PGlite',
    )
    .option('--service-workers <n>', 'no host: the embedded service runs n cluster workers (PostgreSQL only)')
    .option(
      '--reset-target',
      'empty the target’s streams and read models before the run (a named host needs JOURNEYS_ADMIN_TOKEN)',
    )
    .option(
      '--shard <i/N>',
      'run shard i (0-based, as JOB_COMPLETION_INDEX) of N: its share of users, arrivals, iterations (env JOURNEYS_SHARD)',
    )
    .option('-l, --list', 'list the user classes and their journeys, then exit (as Locust’s --list)')
    .option('--only-summary', 'no live table or progress lines, only the final summary (as Locust’s)')
    .option(
      '-L, --loglevel <level>',
      'DEBUG, INFO, WARNING, ERROR or CRITICAL: WARNING hides messages, ERROR warnings too',
      logLevelValue,
    )
    // Locust habit: without --web a run is headless, so the flag changes nothing.
    .addOption(
      new Option('--headless', 'accepted for Locust habits; runs are headless unless --web').hideHelp(),
    )
    .option('--web', 'serve the web UI instead of running headless (as `journeys web`)')
    .option('--web-host <host>', 'web UI address; beyond 127.0.0.1 it needs --web-auth', '127.0.0.1')
    .option('--web-port <n>', 'web UI port', portValue, 8089)
    .option('--web-auth <user:password>', 'HTTP Basic login for the web UI (as Locust’s --web-login)')
    .option(
      '--web-allowed-hosts <names>',
      'web UI: host names it answers to beyond loopback and --web-host, comma-separated (a DNS name, a proxy’s)',
      (value: string) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
    )
    .option('--autostart', 'web UI: start a test at once with the given flags')
    .option('--autoquit <seconds>', 'web UI: exit this many seconds after the run ends', secondsValue)
    .option(
      '--target-metrics <url>',
      'web UI pipeline tab: Prometheus text to scrape (default: the target’s /metrics)',
    );
  addLocustHabits(run, collect);
  run.action((classNames: string[], flags: RunFlags) => runAction(classNames, flags, false));

  // `journeys web` is `journeys run --web`: the same flags, one definition.
  const web = program
    .command('web')
    .description('serve the web UI on http://127.0.0.1:8089 (as Locust’s): start, watch, edit and stop tests')
    .argument('[UserClass...]', 'user classes offered first (default: the profile’s, or every class)');
  for (const option of run.options) if (option.long !== '--web') web.addOption(option);
  web.action((classNames: string[], flags: RunFlags) => runAction(classNames, flags, true));

  program
    .command('list')
    .description('list user classes (weights, wait times), their journeys (tags, steps) and the profiles')
    .option(
      '-f, --users-module <path>',
      'file or folder of user classes (default users/; repeatable)',
      collect,
    )
    .action(async (flags: { usersModule?: string[] }) => {
      const { users } = await discoverUserClasses(flags.usersModule ?? ['users']);
      for (const line of listLines(users, await listProfiles())) process.stdout.write(`${line}\n`);
    });

  program
    .command('validate')
    .description('check profiles and user modules without running (default: profiles/ and users/)')
    .argument('[paths...]', 'profile YAML files, user modules, or folders of either')
    .action(async (paths: string[]) => {
      const report = await validatePaths(paths);
      for (const problem of report.problems) process.stderr.write(`error: ${problem}\n`);
      if (report.problems.length > 0) {
        setExitCode(2);
        return;
      }
      process.stdout.write(`ok: ${report.profiles} profile(s), ${report.userClasses} user class(es)\n`);
    });

  addReportCommands(program, setExitCode);

  return program;
}

/**
 * Every class of the profile's `user_classes` its users module does not export, at once and
 * in `validate`'s format (`file:line: user_classes.X: …`); the run itself would stop at the first.
 */
async function checkProfileClasses(file: string, profile: Profile, config: RunConfig, modules: string) {
  const { users } = await discoverUserClasses(config.usersModules);
  const names = users.map((user) => user.name);
  const problems = await userClassProblems(file, Object.keys(profile.user_classes ?? {}), names, modules);
  if (problems.length > 0) {
    throw new RunnerError('unknown user classes in the profile', { code: 'USER_CLASS_UNKNOWN', problems });
  }
}

/** Repeatable options: `--tags a --tags b,c` → ['a', 'b,c'] (split later by the flag checks). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function exitCodeValue(value: string): number {
  const code = Number(value);
  if (!/^\d+$/.test(value) || code > 255)
    throw new InvalidArgumentError('must be a whole number from 0 to 255.');
  return code;
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

function secondsValue(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('must be a number of seconds.');
  return seconds;
}

function portValue(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}
