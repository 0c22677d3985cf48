/**
 * `journeys run`: one load test from resolved settings to written reports and an exit
 * code (DESIGN.md): set-up (classes, target, testStart hooks), the load, then — also
 * after Ctrl-C — stop, testStop and invariants, thresholds, files and the summary.
 */

import type { TestContext } from '../api/hooks.ts';
import type { RunConfig } from '../config/run-config.ts';
import { LiveConsole, type LiveConsoleOptions } from '../console/live.ts';
import { summaryTable } from '../console/summary-table.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { driveLoad, type StopReason } from '../drive/drive-load.ts';
import { hookOwners, runEndHooks, runTestStart } from '../drive/run-hooks.ts';
import { watchSignals } from '../drive/signals.ts';
import { exitCodeOf, exitLine, runSummary, type Verdict, verdictLines } from '../drive/verdict.ts';
import { planJourneys } from '../engine/journey-plan.ts';
import { Client } from '../http/client.ts';
import { peakRate } from '../load-model/arrival-shape.ts';
import { selectUserClasses } from '../load-model/select-classes.ts';
import { shardArrivalShares, shardRunConfig } from '../load-model/shard.ts';
import { arrivalShares, type UserMixEntry } from '../load-model/user-mix.ts';
import { checkOutputLocations } from '../report/output-paths.ts';
import { type PrometheusExporter, startPrometheusExporter } from '../report/prometheus.ts';
import { reportFile } from '../report/report-files.ts';
import { resultsLine, resultsPrefix, writeEveryResult, writeFailureLine } from '../report/results.ts';
import { evaluateThresholds } from '../report/threshold-evaluation.ts';
import { RunStats } from '../stats/run-stats.ts';
import { startSelfCheck } from '../stats/self-check.ts';
import { embeddedBackend } from '../target/embedded-service.ts';
import { resolveTarget, type Target } from '../target/target.ts';
import { createLoadPool, type LoadPool } from '../threads/pool.ts';
import { runnerVersion } from '../version.ts';
import { ignoreClosedOutput } from './closed-output.ts';

/** What a run writes and how it exits, beside the load settings. */
export interface RunOutput {
  /** `--csv PREFIX`; undefined = a fresh folder under `resultsDir`. */
  csvPrefix?: string;
  htmlFile?: string;
  /** `--junit FILE`: thresholds and invariants as JUnit XML. */
  junitFile?: string;
  /** `--prometheus-port N`: live metrics on http://127.0.0.1:N/metrics while the run lasts. */
  prometheusPort?: number;
  resultsDir: string;
  /** Exit code when any request failed or any error was raised (Locust's `--exit-code-on-error`). */
  exitCodeOnError: number;
  /** Names the default results folder instead of the start time (`JOURNEYS_RUN_ID`: the shards of one run share it). */
  runId?: string;
  /** `--only-summary`, `--loglevel`: what the live console leaves out. */
  liveConsole?: LiveConsoleOptions;
}

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * Runs one load test; resolves with the process exit code. User mistakes throw RunnerError.
 * @example process.exitCode = await runLoadTest(resolveRunConfig(await loadProfile('smoke'), {}), { resultsDir: 'results', exitCodeOnError: 1 });
 */
export async function runLoadTest(
  wholeRun: RunConfig,
  output: RunOutput,
  out: Output = process.stdout,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  // `journeys run | head`: a closed output must not cost the run its files.
  ignoreClosedOutput(out);
  ignoreClosedOutput(errors);
  const print = (line = '') => out.write(`${line}\n`);
  // A shard runs its share of the users and iterations (and of the arrivals, split by the pool).
  const config = wholeRun.shard ? shardRunConfig(wholeRun, wholeRun.shard) : wholeRun;
  const { shard } = config;
  let drive: ReturnType<typeof driveLoad> | undefined;
  // Before the load, Ctrl-C gives up an embedded service still starting; during it, stops the users.
  const setUp = new AbortController();
  const signals = watchSignals((signal) => (drive ? drive.stop(signal) : setUp.abort(signal)));
  let target: Target | undefined;
  let pool: LoadPool | undefined;
  let hookClient: Client | undefined;
  let exporter: PrometheusExporter | undefined;
  try {
    await checkOutputLocations(output);
    const { users } = await discoverUserClasses(config.usersModules);
    const selected = selectUserClasses(
      users,
      config.classNames,
      config.userClasses,
      config.usersModules.join(', '),
    );
    const filter = { tags: config.tags, excludeTags: config.excludeTags };
    for (const user of selected.users) planJourneys(user.name, user.journeys, filter);

    target = await resolveTarget(config.host, selected.users, {
      signal: setUp.signal,
      onServiceStarting: () => print(`starting the embedded service (${embeddedBackend()})…`),
    });
    if (target.service) print(`embedded service started at ${target.host} (pid ${target.service.pid})`);
    hookClient = new Client({ host: target.host });
    const context: TestContext = {
      host: target.host,
      client: hookClient,
      seed: config.seed,
      profile: config.profileName,
    };
    const owners = hookOwners(selected.users);
    const testData = await runTestStart(owners, context);

    // Open model: each class's share of max_users caps its users in flight and sets its share of arrivals.
    const runShares = config.arrivals && arrivalShares(config.arrivals.maxUsers, selected.mix);
    const shares = runShares && shard ? shardArrivalShares(runShares, shard) : runShares;
    const live = new LiveConsole(out, output.liveConsole);
    const stats = new RunStats({ startedAt: Date.now(), fullHistory: config.csvFullHistory });
    let workerCrashes = 0;
    pool = await createLoadPool({
      threads: config.threads,
      userModules: [...new Set(selected.users.map((user) => user.module))],
      host: target.host,
      seed: config.seed,
      testData,
      ...filter,
      stopTimeoutSeconds: config.stopTimeoutSeconds,
      userClasses: selected.mix.map((entry) => entry.name),
      ...(shard ? { shard } : {}),
      ...(shares ? { arrivals: shares } : {}),
      ...(config.iterations === undefined ? {} : { iterations: config.iterations }),
      onSnapshot: (snapshot) => stats.merge(snapshot),
      onWorkerError: (error, thread) => {
        workerCrashes++;
        live.warn(`worker thread ${thread} crashed: ${error.message}`);
      },
      onIterationsDone: () => drive?.stop('iterations'),
    });
    if (output.prometheusPort !== undefined) {
      exporter = await startPrometheusExporter(output.prometheusPort, stats, () => pool?.runningUsers() ?? 0);
      print(`prometheus metrics at ${exporter.url}`);
    }

    const selfCheck = startSelfCheck();
    const profile = config.profileName === 'run' ? '' : ` --profile ${config.profileName}`;
    const classes = selected.users.map((user) => user.name).join(', ');
    const model = config.arrivals
      ? `, open model up to ${peakRate(config.arrivals.segments)}/s, max_users ${config.arrivals.maxUsers}`
      : '';
    const part = shard
      ? `, shard ${shard.index}/${shard.count}: ${
          shares
            ? `every ${shard.count}th arrival from #${shard.index}`
            : `${config.users} of ${wholeRun.users} users`
        }${config.iterations === undefined ? '' : `, ${config.iterations} of ${wholeRun.iterations} iterations`}`
      : '';
    print(
      `journeys run${profile}: ${classes} → ${target.host} (${config.threads} thread(s), seed ${config.seed}${model}${part})`,
    );
    if (config.durationSeconds === undefined && !config.staged && config.iterations === undefined)
      print('no run time (-t) given: runs until Ctrl-C or SIGTERM');
    drive = driveLoad({
      pool,
      stats,
      stages: config.stages,
      mix: selected.mix,
      live,
      selfCheck,
      thresholds: config.thresholds,
      abortOnThreshold: config.abortOnThreshold,
      ...(config.arrivals ? { arrivals: config.arrivals } : {}),
      ...(shard ? { shard } : {}),
    });
    if (signals.received) drive.stop(signals.received);
    const reason: StopReason = await drive.stopped;
    // At the deadline users get --stop-timeout (default 0) to finish their journeys; Ctrl-C and
    // SIGTERM stop them at once (a second signal exits without reports). Resolves once every
    // thread's final snapshot is merged.
    const interrupted = reason === 'SIGINT' || reason === 'SIGTERM';
    await pool.stop(interrupted ? { timeoutSeconds: 0 } : {});
    drive.finalTick();
    stats.end(Date.now());
    await pool.close();
    pool = undefined;
    live.close();

    // The embedded service is still up (its own process group: Ctrl-C did not reach it).
    const invariants = await runEndHooks(owners, context, testData);
    const verdict: Verdict = {
      // A signal after the clock stopped (the last second, the stop timeout, the end hooks) still counts.
      stoppedBy: signals.received ?? reason,
      invariants,
      thresholds: evaluateThresholds(config.thresholds, stats),
      selfCheck: selfCheck.result(),
      workerCrashes,
      ...(target.service ? { serviceCpuSeconds: await target.service.cpuSeconds() } : {}),
      exitCodeOnError: output.exitCodeOnError,
      ...(config.requiredInvariants ? { requiredInvariants: config.requiredInvariants } : {}),
    };
    let exitCode = exitCodeOf(verdict, stats);
    const prefix = resultsPrefix(
      output.csvPrefix,
      output.resultsDir,
      config.profileName,
      new Date(stats.startedAt),
      { ...(shard ? { shard } : {}), ...(output.runId ? { runId: output.runId } : {}) },
    );
    const metadata = {
      ...runMetadata(config, target, selected.mix, drive.usersSpawned()),
      // A shard's users and iterations are its share (report merge adds them up); max_users too.
      ...(shard && shares ? { maxUsers: shares.reduce((sum, share) => sum + share.maxUsers, 0) } : {}),
      ...(shard ? { shard } : {}),
    };
    const summary = runSummary(stats, verdict, metadata, exitCode);
    // The summary first: whatever happens to the files, the console has the run.
    for (const line of summaryTable(summary)) print(line);
    print();
    for (const line of verdictLines(verdict, stats)) print(line);
    const written = await writeEveryResult({
      prefix,
      stats,
      fullHistory: config.csvFullHistory,
      summary,
      htmlFile: output.htmlFile,
      junitFile: output.junitFile,
    });
    print(resultsLine(prefix, written.paths, output.htmlFile ?? reportFile(prefix)));
    for (const failure of written.failures) errors.write(`error: ${writeFailureLine(failure)}\n`);
    verdict.unwrittenFiles = written.failures.length;
    exitCode = exitCodeOf(verdict, stats);
    print(exitLine(verdict, stats));
    return exitCode;
  } finally {
    await exporter?.close();
    await pool?.close();
    await hookClient?.close();
    // Only now, with every file written, the embedded service goes. Signals stay watched
    // until it has: a second Ctrl-C exits through process.exit, whose 'exit' handler kills it.
    await target?.service?.stop();
    signals.dispose();
  }
}

function runMetadata(
  config: RunConfig,
  target: Target,
  mix: readonly UserMixEntry[],
  usersSpawned: Record<string, number> | undefined,
) {
  return {
    profile: config.profileName,
    host: target.host,
    embeddedService: target.service !== undefined,
    threads: config.threads,
    ...(config.arrivals
      ? {
          loadModel: 'open',
          arrivalRate: peakRate(config.arrivals.segments),
          maxUsers: config.arrivals.maxUsers,
          ...(config.staged ? { arrivalStages: config.arrivals.segments } : {}),
        }
      : { loadModel: 'closed', users: config.users, spawnRate: config.spawnRate }),
    ...(config.durationSeconds === undefined ? {} : { durationSeconds: config.durationSeconds }),
    ...(config.staged && !config.arrivals ? { stages: config.stages } : {}),
    ...(config.iterations === undefined ? {} : { iterations: config.iterations }),
    seed: config.seed,
    tags: config.tags,
    userClasses: Object.fromEntries(mix.map((entry) => [entry.name, entry.fixedCount || entry.weight])),
    ...(usersSpawned ? { usersSpawned } : {}),
    command: process.argv.slice(2).join(' '),
    versions: { runner: runnerVersion(), node: process.version },
  };
}
