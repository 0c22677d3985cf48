/**
 * What the web UI and Locust's control API drive: one test at a time, started from the
 * command line's settings with the form's changes, run through the same session as
 * `journeys run` (so it writes the same results folder), edited, stopped, reset; the last
 * run's result is kept for its verdict and downloads.
 */
import type { RunConfig } from '../config/run-config.ts';
import { type CliFlags, resolveRunConfig } from '../config/run-config.ts';
import type { Profile } from '../config/schema.ts';
import type { DiscoveredUser } from '../discovery/discover.ts';
import type { StopReason } from '../drive/drive-load.ts';
import { checkPreflight } from '../drive/preflight.ts';
import {
  type LiveRun,
  type RunOutput,
  type RunSession,
  type SessionResult,
  type SessionRole,
  startRunSession,
} from '../drive/run-session.ts';
import { RunnerError } from '../errors.ts';
import type { LoadChange } from '../load-model/load-model.ts';
import { utcStamp } from '../report/results.ts';
import { RunLog } from './run-log.ts';
import { mergeTestRequest, type TestRequest } from './test-request.ts';

/** The load a running test has now, which the Edit form starts from (as Locust's). */
export interface LoadNow {
  users?: number;
  spawnRate?: number;
  arrivalRate?: number;
}

/** Locust's states, as `GET /stats/requests` names them. */
export type WebRunState = 'ready' | 'spawning' | 'running' | 'stopping' | 'stopped';

export type { TestRequest } from './test-request.ts';

export interface WebControllerOptions {
  /** The command line's flags (before profile resolution). */
  flags: CliFlags;
  profileName?: string;
  loadProfile(name: string): Promise<Profile>;
  output: RunOutput;
  out: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
  /** Every user class of the users modules (for the form). */
  userClasses: readonly DiscoveredUser[];
  /** `--master`: each test's load goes to the connected workers (runner/distributed/web-master.ts). */
  master?: WebMaster;
}

/** The web UI's side of a master: what a test needs of its workers. */
export interface WebMaster {
  /** Makes the test a master's session; throws RunnerError when no worker is connected. */
  role(config: RunConfig, live: () => LiveRun | undefined): SessionRole;
  /** The test is being stopped: the workers hear this reason with the stop. */
  stopping(reason: StopReason): void;
  /** Spreads an Edit, already applied to the master's own model, over the workers. */
  edit(change: LoadChange): void;
  /** The test ended: its workers wait for the next, beside new ones that may join. */
  ended(): void;
  /** The workers, for the page and Locust's API. */
  workers(): readonly { name: string; share: string; state: string; users: number }[];
}

/**
 * @example
 * const controller = new WebController({ flags, loadProfile, output, out, errors, userClasses });
 * await controller.start({ users: 2, spawnRate: 2 });
 * controller.edit({ users: 5 });
 * controller.stop();
 */
export class WebController {
  readonly options: WebControllerOptions;
  #session: RunSession | undefined;
  #config: RunConfig | undefined;
  #last: SessionResult | undefined;
  #lastError: string | undefined;
  #stopping = false;
  #runs = 0;
  /** Changes on each new test: the page starts its charts afresh (not on Reset statistics, as Locust). */
  epoch = 0;
  /** Every line the tests print, for the Logs tab. */
  readonly log = new RunLog();
  readonly #out: NodeJS.WritableStream;
  readonly #errors: NodeJS.WritableStream;
  #edited: LoadNow = {};
  readonly #ended = new Set<(result: SessionResult | undefined) => void>();

  constructor(options: WebControllerOptions) {
    this.options = options;
    this.#out = this.log.tee(options.out, 'info');
    this.#errors = this.log.tee(options.errors, 'error');
  }

  state(): WebRunState {
    const live = this.live();
    if (this.#session === undefined) return this.#last ? 'stopped' : 'ready';
    if (this.#stopping) return 'stopping';
    if (live === undefined) return 'spawning';
    return live.drive.spawning() ? 'spawning' : 'running';
  }

  /**
   * While a test sets up before its first user: `service` while the embedded service starts
   * (seconds of PGlite's start-up), `test` while it checks its classes, the target and runs
   * the testStart hooks.
   */
  starting(): 'service' | 'test' | undefined {
    if (this.#session === undefined || this.#stopping || this.live() !== undefined) return undefined;
    return this.#session.phase() === 'service-start' ? 'service' : 'test';
  }

  /** The running test's load now: its target users and spawn rate, or its arrival rate. */
  loadNow(elapsedSeconds: number): LoadNow {
    const live = this.live();
    if (!live) return {};
    // The model says whether it is sending arrivals now (the open model, a shape answering a rate).
    const { arrivalRate } = live.drive.model.status(elapsedSeconds);
    if (arrivalRate !== undefined) return { arrivalRate: this.#edited.arrivalRate ?? arrivalRate };
    return {
      users: live.drive.targetUsers(),
      spawnRate: this.#edited.spawnRate ?? live.config.spawnRate,
    };
  }

  /** Whether a test is under way (setting up, running or stopping). */
  busy(): boolean {
    return this.#session !== undefined;
  }

  live(): LiveRun | undefined {
    return this.#session?.live();
  }

  /** The settings of the test running or last run. */
  config(): RunConfig | undefined {
    return this.#config;
  }

  last(): SessionResult | undefined {
    return this.#last;
  }

  /** Why the last test could not start or run (one line), if it could not. */
  lastError(): string | undefined {
    return this.#lastError;
  }

  /** Starts a test; throws RunnerError (code WEB_BUSY) when one is running, or on a bad setting. */
  async start(request: TestRequest): Promise<RunConfig> {
    if (this.#session) {
      throw new RunnerError('a test is running', {
        code: 'WEB_BUSY',
        hint: 'stop it first (Stop, or GET /stop)',
      });
    }
    const config = await this.#resolve(request);
    // An unknown class or a tag that leaves nothing to run is refused now, not after answering success.
    checkPreflight(this.options.userClasses, config);
    // Two tests started within a second must not share a results folder.
    const runId = `${utcStamp(new Date())}-web${++this.#runs}`;
    const role = this.options.master?.role(config, () => this.live());
    const session = startRunSession(
      config,
      { ...this.options.output, runId: this.options.output.runId ?? runId },
      this.#out,
      this.#errors,
      role,
    );
    this.#session = session;
    this.#config = config;
    this.#stopping = false;
    this.#lastError = undefined;
    this.#edited = {};
    this.epoch++;
    session.done.then(
      (result) => this.#finish(session, result, undefined),
      (error: unknown) => this.#finish(session, undefined, error),
    );
    return config;
  }

  /** Changes the running test's load; the threads follow at the next spawn step (100 ms). */
  edit(change: { users?: number; spawnRate?: number; arrivalRate?: number }): boolean {
    const live = this.live();
    if (!live || this.#stopping) return false;
    const taken = live.drive.retarget(change);
    if (taken) this.options.master?.edit(change);
    this.#edited = { ...this.#edited, ...change };
    return true;
  }

  stop(reason: StopReason = 'web'): boolean {
    if (!this.#session) return false;
    this.#stopping = true;
    this.options.master?.stopping(reason);
    this.#session.stop(reason);
    return true;
  }

  /** Locust's Reset statistics: the table and counters start again; the charts and the run's clock go on. */
  resetStats(): void {
    this.live()?.resetStats();
  }

  /** Resolves when the current test has ended (at once when none runs). */
  ended(): Promise<SessionResult | undefined> {
    if (!this.#session) return Promise.resolve(this.#last);
    return new Promise((resolve) => this.#ended.add(resolve));
  }

  async #resolve(request: TestRequest): Promise<RunConfig> {
    const { flags } = this.options;
    const profileName = request.profile || this.options.profileName;
    const profile = profileName ? await this.options.loadProfile(profileName) : undefined;
    const merged = mergeTestRequest(flags, request);
    const config = resolveRunConfig(profile, merged);
    if (request.host === '') delete config.host;
    return config;
  }

  #finish(session: RunSession, result: SessionResult | undefined, error: unknown): void {
    if (this.#session !== session) return;
    this.#session = undefined;
    this.options.master?.ended();
    this.#stopping = false;
    if (result) this.#last = result;
    if (error !== undefined) {
      this.#lastError = error instanceof Error ? error.message.split('\n')[0] : String(error);
      this.#errors.write(`error: ${this.#lastError}\n`);
    }
    for (const resolve of this.#ended) resolve(result);
    this.#ended.clear();
  }
}
