/**
 * One load test from resolved settings to written reports and an exit code (DESIGN.md):
 * set-up (classes, target, testStart hooks), the load, then — also after a stop from
 * outside — stop, testStop and invariants, thresholds, files and the summary. `journeys run`
 * and the web UI both run their tests through here; the web UI also reads the run while it
 * lasts (`live()`) and changes it (users, rates, Reset statistics).
 */

import { basename, dirname } from 'node:path';
import type { TestContext } from '../api/hooks.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { LiveConsoleOptions } from '../console/live.ts';
import { importWithin } from '../discovery/import-trial.ts';
import { Client } from '../http/client.ts';
import type { LoadModel } from '../load-model/load-model.ts';
import type { SelectedClasses } from '../load-model/select-classes.ts';
import { shardArrivalShares, shardRunConfig } from '../load-model/shard.ts';
import { arrivalShares, type UserMixEntry } from '../load-model/user-mix.ts';
import { claimCsvPrefix, claimResultsFolder, type OutputClaim } from '../report/output-claim.ts';
import { checkOutputLocations } from '../report/output-paths.ts';
import type { PrometheusExporter } from '../report/prometheus.ts';
import { resultsPrefix } from '../report/results.ts';
import { RunStats } from '../stats/run-stats.ts';
import { type SelfCheckOptions, startSelfCheck } from '../stats/self-check.ts';
import type { RunMetadata, RunPhase, RunSummary } from '../stats/summary.ts';
import type { StatsSnapshot } from '../stats/types.ts';
import { embeddedBackend } from '../target/embedded-service.ts';
import { resolveTarget, type Target } from '../target/target.ts';
import { createLoadPool, type LoadPool, type LoadPoolOptions, STOP_GRACE_MS } from '../threads/pool.ts';
import { evaluateThresholds } from '../thresholds/evaluate.ts';
import { driveLoad, type LoadDrive, type StopReason } from './drive-load.ts';
import { idleOwners } from './idle-owners.ts';
import { loadModelFor } from './load-model-for.ts';
import { preflight } from './preflight.ts';
import { hookOwners, runEndHooks, runTestStart } from './run-hooks.ts';
import { runMetadata, startLine } from './run-metadata.ts';
import { isSetUpStop, SetUpStopped, untilStopped, verdictBeforeLoad } from './set-up-stop.ts';
import type { Verdict } from './verdict.ts';
import { WarningConsole } from './warning-console.ts';
import { type RunToWrite, writeRun } from './write-run.ts';

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
 * A distributed run's part in a session (runner/distributed/): the master drives workers
 * instead of threads; a worker takes the master's testStart data and start time and runs no
 * run-level hooks. Undefined = a run on its own.
 */
export interface SessionRole {
  /** Makes the load pool (the master's pool of remote workers). */
  createPool?(options: LoadPoolOptions): Promise<LoadPool>;
  /** The master's testStart data: this process runs no testStart, testStop or invariants. */
  testData?: Record<string, unknown>;
  /** Awaited after the pool is made, before the load starts (the synchronized start). */
  beforeLoad?(): Promise<void>;
  /** Each thread's snapshot, as the run merges it (a worker sends them to the master). */
  onSnapshot?(snapshot: StatsSnapshot): void;
  /** More of summary.json's `run` (the master's `workers`). */
  metadata?(): Partial<RunMetadata>;
  /** How this process watches itself (the master, which sends no requests, probes its loop less often). */
  selfCheck?: SelfCheckOptions;
}

/** The run while its load lasts, for the web UI. */
export interface LiveRun {
  /** This process's settings (a shard's share when sharded). */
  config: RunConfig;
  host: string;
  embeddedService: boolean;
  mix: readonly UserMixEntry[];
  drive: LoadDrive;
  /** The statistics now (a new object after `resetStats`). */
  stats(): RunStats;
  runningUsers(): number;
  /** The live warnings so far (self-check, dropped arrivals, crashed threads), oldest first. */
  warnings: readonly string[];
  /** Locust's Reset statistics: counting starts again from now; the files hold what came after. */
  resetStats(): void;
}

/** How a run ended: what `journeys run` exits with and what the web UI shows and serves. */
export interface SessionResult {
  exitCode: number;
  summary: RunSummary;
  stats: RunStats;
  /** The files' common prefix (`results/smoke-20261123-194500/smoke`). */
  prefix: string;
  /** Every file written. */
  paths: string[];
}

export interface RunSession {
  /** Resolves once every file is written and the embedded service is gone; rejects with a RunnerError on a user mistake. */
  done: Promise<SessionResult>;
  /** Before the load, gives up the set-up (an embedded service still starting); during it, stops the users. */
  stop(reason: StopReason): void;
  /** The run while its load lasts; undefined before and after. */
  live(): LiveRun | undefined;
  /** Where the run is now (the web UI says "starting the service…" while it is in `service-start`). */
  phase(): RunPhase;
}

/**
 * @example
 * const session = startRunSession(config, { resultsDir: 'results', exitCodeOnError: 1 }, process.stdout, process.stderr);
 * process.exitCode = (await session.done).exitCode;
 */
export function startRunSession(
  wholeRun: RunConfig,
  output: RunOutput,
  out: Output,
  errors: NodeJS.WritableStream,
  role: SessionRole = {},
): RunSession {
  let drive: LoadDrive | undefined;
  let live: LiveRun | undefined;
  let stopReason: StopReason | undefined;
  let phase: RunPhase = 'preflight';
  const setUp = new AbortController();
  const done = runSession(wholeRun, output, out, errors, setUp.signal, role, {
    entered(next) {
      phase = next;
    },
    driving(started) {
      drive = started.drive;
      live = started;
      if (stopReason) drive.stop(stopReason);
    },
    ended() {
      live = undefined;
    },
    stopRequested: () => stopReason,
  });
  return {
    done,
    stop(reason) {
      stopReason ??= reason;
      if (drive) drive.stop(reason);
      else setUp.abort(reason);
    },
    live: () => live,
    phase: () => phase,
  };
}

interface SessionEvents {
  entered(phase: RunPhase): void;
  driving(live: LiveRun): void;
  ended(): void;
  /** The first stop asked for (a signal, the web UI), even after the load had ended by itself. */
  stopRequested(): StopReason | undefined;
}

async function runSession(
  wholeRun: RunConfig,
  output: RunOutput,
  out: Output,
  errors: NodeJS.WritableStream,
  signal: AbortSignal,
  role: SessionRole,
  events: SessionEvents,
): Promise<SessionResult> {
  const print = (line = '') => out.write(`${line}\n`);
  // A shard runs its share of the users and iterations (and of the arrivals, split by the pool).
  const config = wholeRun.shard ? shardRunConfig(wholeRun, wholeRun.shard) : wholeRun;
  const { shard } = config;
  const startedAt = Date.now();
  // Where the run is: summary.json's `run.stoppedIn` when a stop comes.
  let phase: RunPhase = 'preflight';
  let selected: SelectedClasses | undefined;
  let target: Target | undefined;
  let pool: LoadPool | undefined;
  let hookClient: Client | undefined;
  let exporter: PrometheusExporter | undefined;
  let claim: OutputClaim | undefined;
  let model: LoadModel | undefined;
  const written = (
    stats: RunStats,
    verdict: Verdict,
    metadata: RunMetadata,
    table: boolean,
    model?: RunToWrite['model'],
  ) =>
    writeRun({
      ...(model ? { model } : {}),
      output,
      profileName: config.profileName,
      csvFullHistory: config.csvFullHistory,
      stats,
      verdict,
      metadata,
      table,
      print,
      errors,
      ...(shard ? { shard } : {}),
      ...(claim ? { prefix: claim.prefix } : {}),
    });
  try {
    await checkOutputLocations(output);
    claim = await claimOutputs(output, config);
    // A module that never finishes importing is named here, in a thread that can be stopped.
    await importWithin(config.usersModules, config.bounds.hookTimeoutSeconds, signal);
    const preflown = await untilStopped(preflight(config), signal);
    selected = preflown.selected;
    const { checked } = preflown;
    // The load model before the target: a shape name that matches nothing is a one-line error, not a started service.
    model = await loadModelFor(config, wholeRun);

    target = await resolveTarget(config.host, selected.users, {
      signal,
      service: config.service,
      reset: config.resetTarget,
      insecure: config.bounds.http.insecure,
      onServiceStarting: (env) => {
        phase = 'service-start';
        events.entered(phase);
        print(`starting the embedded service (${embeddedBackend(env)})…`);
      },
    });
    if (config.resetTarget) print(`target reset: ${target.host} starts empty`);
    if (target.service) print(`embedded service started at ${target.host} (pid ${target.service.pid})`);
    if (signal.aborted) throw new SetUpStopped(signal.reason as StopReason);
    phase = 'test-start';
    events.entered(phase);
    hookClient = new Client({
      host: target.host,
      timeoutMs: config.requestTimeoutSeconds * 1000,
      settings: config.bounds.http,
    });
    const context: TestContext = {
      host: target.host,
      client: hookClient,
      seed: config.seed,
      profile: config.profileName,
    };
    const owners = hookOwners(selected.users);
    // Run-level hooks run once per run: on the master of a distributed run, never on its workers.
    const testData =
      role.testData ??
      (await untilStopped(runTestStart(owners, context, config.bounds.hookTimeoutSeconds), signal));
    // A model that sends arrivals: each class's share of max_users caps its users in flight and sets its share of arrivals.
    const runShares = model.maxUsers === undefined ? undefined : arrivalShares(model.maxUsers, selected.mix);
    const shares = runShares && shard ? shardArrivalShares(runShares, shard) : runShares;
    const console = new WarningConsole(out, output.liveConsole);
    const statsOptions = {
      fullHistory: config.csvFullHistory,
      maxNames: config.bounds.maxNames,
      onNamesOverflow: (warning: string) => console.warn(warning),
    };
    let stats = new RunStats({ startedAt: Date.now(), ...statsOptions });
    let workerCrashes = 0;
    let drive: LoadDrive | undefined;
    pool = await (role.createPool ?? createLoadPool)({
      threads: config.threads,
      users: checked,
      host: target.host,
      seed: config.seed,
      testData,
      stopTimeoutSeconds: config.stopTimeoutSeconds,
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
      http: config.bounds.http,
      maxNames: config.bounds.maxNames,
      ...(shard ? { shard } : {}),
      ...(shares ? { arrivals: shares } : {}),
      ...(config.iterations === undefined ? {} : { iterations: config.iterations }),
      onSnapshot: (snapshot) => {
        stats.merge(snapshot);
        role.onSnapshot?.(snapshot);
        drive?.observe(snapshot);
      },
      onWorkerError: (error, thread) => {
        workerCrashes++;
        console.warn(`worker thread ${thread} crashed: ${error.message}`);
      },
      onWorkerTerminated: (thread, step) => {
        workerCrashes++;
        const text = stuckThreadText(thread, step, config.stopTimeoutSeconds);
        console.warn(text);
        // In the exceptions table too, so every report names the thread and the step.
        stats.merge({
          takenAt: Date.now(),
          endpoints: [],
          journeys: [],
          failures: [],
          exceptions: [{ count: 1, message: text, traceback: '', nodes: [step ?? `thread ${thread}`] }],
        });
      },
      onIterationsDone: () => drive?.stop('iterations'),
    });
    if (output.prometheusPort !== undefined) {
      // Imported here: prom-client costs every run's start-up, and only this flag uses it.
      const { startPrometheusExporter } = await import('../report/prometheus.ts');
      exporter = await startPrometheusExporter(output.prometheusPort, stats, () => pool?.runningUsers() ?? 0);
      print(`prometheus metrics at ${exporter.url}`);
    }

    await role.beforeLoad?.();
    const selfCheck = startSelfCheck(role.selfCheck);
    phase = 'load';
    events.entered(phase);
    print(startLine({ wholeRun, config, model, classes: selected.users, host: target.host, shares }));
    if (!Number.isFinite(model.durationSeconds) && config.iterations === undefined)
      print('no run time (-t) given: runs until Ctrl-C or SIGTERM');
    drive = driveLoad({
      pool,
      stats,
      model,
      mix: selected.mix,
      live: console,
      selfCheck,
      thresholds: config.thresholds,
      abortOnThreshold: config.abortOnThreshold,
      ...(shard ? { shard } : {}),
    });
    const running = pool;
    const driving = drive;
    events.driving({
      config,
      host: target.host,
      embeddedService: target.service !== undefined,
      mix: selected.mix,
      drive,
      stats: () => stats,
      runningUsers: () => running.runningUsers(),
      warnings: console.warnings,
      resetStats() {
        stats = new RunStats({ startedAt: Date.now(), ...statsOptions });
        driving.replaceStats(stats);
      },
    });
    if (signal.aborted) drive.stop(signal.reason as StopReason);
    const reason: StopReason = await drive.stopped;
    const counts = drive.userCounts();
    const spawned = Object.values(counts).reduce((sum, count) => sum + count, 0);
    // Ramping up while the model runs users and they have not all started.
    const ramping = drive.usersSpawned() !== undefined && spawned < drive.targetUsers();
    const stoppedIn: RunPhase = ramping ? 'ramp-up' : 'load';
    // At the deadline users get --stop-timeout (default 0) to finish their journeys; Ctrl-C and
    // SIGTERM stop them at once (a second signal exits without reports). Resolves once every
    // thread's final snapshot is merged.
    const interrupted = reason === 'SIGINT' || reason === 'SIGTERM';
    await pool.stop(interrupted ? { timeoutSeconds: 0 } : {});
    drive.finalTick();
    stats.end(Date.now());
    await pool.close();
    pool = undefined;
    console.close();
    events.ended();

    // The embedded service is still up (its own process group: Ctrl-C did not reach it).
    const idle = idleOwners(owners, selected.users, drive.usersSpawned());
    const invariants = role.testData
      ? []
      : await runEndHooks(owners, context, testData, idle, config.bounds.hookTimeoutSeconds);
    // A signal after the clock stopped (the last second, the stop timeout, the end hooks) still counts.
    const late = events.stopRequested();
    const lateSignal = (late === 'SIGINT' || late === 'SIGTERM') && late !== reason;
    const verdict: Verdict = {
      stoppedBy: late === 'SIGINT' || late === 'SIGTERM' ? late : reason,
      stoppedIn: lateSignal ? 'after-load' : stoppedIn,
      invariants,
      thresholds: evaluateThresholds(config.thresholds, stats),
      selfCheck: selfCheck.result(),
      workerCrashes,
      ...(target.service ? { serviceUsage: await target.service.usage() } : {}),
      exitCodeOnError: output.exitCodeOnError,
      ...(config.requiredInvariants ? { requiredInvariants: config.requiredInvariants } : {}),
    };
    const metadata = {
      ...runMetadata(config, target, selected.mix, drive.usersSpawned(), model),
      // A shard's users and iterations are its share (report merge adds them up); max_users too.
      ...(shard && shares ? { maxUsers: shares.reduce((sum, share) => sum + share.maxUsers, 0) } : {}),
      ...(shard ? { shard } : {}),
      ...role.metadata?.(),
    };
    return await written(stats, verdict, metadata, true, {
      lines: model.report?.() ?? [],
      failure: drive.failure(),
    });
  } catch (error) {
    if (!isSetUpStop(error, signal)) throw error;
    // Stopped before the load: an empty run, written out as any other, saying where it stopped.
    const reason = signal.reason as StopReason;
    const stats = new RunStats({ startedAt, fullHistory: config.csvFullHistory });
    stats.end(Date.now());
    const metadata = runMetadata(config, target, selected?.mix ?? [], undefined, model);
    return await written(stats, verdictBeforeLoad(reason, phase, output.exitCodeOnError), metadata, false);
  } finally {
    events.ended();
    await claim?.release();
    await exporter?.close();
    await pool?.close();
    await hookClient?.close();
    // Only now, with every file written, the embedded service goes. The caller watches signals
    // until it has: a second Ctrl-C exits through process.exit, whose 'exit' handler kills it.
    await target?.service?.stop();
  }
}

/**
 * Takes the run's place for its files before the load: a `--csv` prefix locked, or a results
 * folder of its own. The shards of one run share their folder by design (each its own subfolder).
 */
async function claimOutputs(output: RunOutput, config: RunConfig): Promise<OutputClaim> {
  if (output.csvPrefix) return claimCsvPrefix(output.csvPrefix);
  const { shard } = config;
  const prefix = resultsPrefix(undefined, output.resultsDir, config.profileName, new Date(), {
    ...(shard ? { shard } : {}),
    ...(output.runId ? { runId: output.runId } : {}),
  });
  if (shard || output.runId) return { prefix, release: async () => {} };
  return claimResultsFolder(dirname(prefix), basename(prefix));
}

/** `worker thread 0 did not stop within 5 s of the stop (--stop-timeout 0 s + 5 s) and was terminated while in Spin.burn: …` */
function stuckThreadText(thread: number, step: string | undefined, stopTimeoutSeconds: number): string {
  const limit = stopTimeoutSeconds + STOP_GRACE_MS / 1000;
  return `worker thread ${thread} did not stop within ${limit} s of the stop (--stop-timeout ${stopTimeoutSeconds} s + ${STOP_GRACE_MS / 1000} s) and was terminated${step ? ` while in ${step}` : ''}; its statistics up to its last snapshot are kept`;
}
