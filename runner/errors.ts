/**
 * The runner's one root error. Every mistake a user can make (a bad flag, profile,
 * threshold or user module, an unreachable target) is a `RunnerError`: the CLI prints
 * it as one line — `error: <what> (<where>) — <how to fix>` — and exits with its
 * `exitCode`, never with a stack trace.
 */

/** Exit codes of `journeys run` (the README's exit-code table). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  sigint: 130,
  sigterm: 143,
} as const;

/** The signals that stop a run as Ctrl-C does. */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a run ended by a signal: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
}

/**
 * Every code the runner's errors carry, in one table (as undici's `core/errors.js` and k6's
 * `error_codes.go`): stable, machine-readable, safe to match in scripts and tests. A new
 * error adds its code here; the type below makes a misspelt code a compile error.
 */
export const ErrorCode = {
  // flags, profiles, durations, thresholds
  FLAG_INVALID: 'FLAG_INVALID',
  PROFILE_INVALID: 'PROFILE_INVALID',
  PROFILE_NOT_FOUND: 'PROFILE_NOT_FOUND',
  DURATION_INVALID: 'DURATION_INVALID',
  THRESHOLD_INVALID: 'THRESHOLD_INVALID',
  THREADS_INVALID: 'THREADS_INVALID',
  ITERATIONS_INVALID: 'ITERATIONS_INVALID',
  USER_COUNT_INVALID: 'USER_COUNT_INVALID',
  MAX_USERS_TOO_SMALL: 'MAX_USERS_TOO_SMALL',
  SHARD_TOO_SMALL: 'SHARD_TOO_SMALL',
  // load shapes in code
  SHAPE_NOT_FOUND: 'SHAPE_NOT_FOUND',
  SHAPE_AMBIGUOUS: 'SHAPE_AMBIGUOUS',
  SHAPE_TICK_INVALID: 'SHAPE_TICK_INVALID',
  SHAPE_TICK_FAILED: 'SHAPE_TICK_FAILED',
  OUTPUT_PATH_INVALID: 'OUTPUT_PATH_INVALID',
  PROMETHEUS_PORT: 'PROMETHEUS_PORT',
  FLAG_LOCUST_ONLY: 'FLAG_LOCUST_ONLY',
  // user modules and classes
  USER_MODULE_NOT_FOUND: 'USER_MODULE_NOT_FOUND',
  USERS_MODULE_NOT_FOUND: 'USERS_MODULE_NOT_FOUND',
  USER_MODULE_IMPORT_FAILED: 'USER_MODULE_IMPORT_FAILED',
  USER_MODULE_IMPORT_TIMEOUT: 'USER_MODULE_IMPORT_TIMEOUT',
  USER_MODULE_COMMONJS: 'USER_MODULE_COMMONJS',
  USER_MODULES_INVALID: 'USER_MODULES_INVALID',
  USER_CLASSES_NONE: 'USER_CLASSES_NONE',
  USER_CLASS_NONE: 'USER_CLASS_NONE',
  USER_CLASS_UNKNOWN: 'USER_CLASS_UNKNOWN',
  USER_CLASS_DUPLICATE: 'USER_CLASS_DUPLICATE',
  USER_CONSTRUCTOR_FAILED: 'USER_CONSTRUCTOR_FAILED',
  USER_FIXED_COUNT_INVALID: 'USER_FIXED_COUNT_INVALID',
  USER_WEIGHT_INVALID: 'USER_WEIGHT_INVALID',
  USER_NO_JOURNEYS: 'USER_NO_JOURNEYS',
  USER_JOURNEY_INVALID: 'USER_JOURNEY_INVALID',
  USER_JOURNEY_WEIGHT_INVALID: 'USER_JOURNEY_WEIGHT_INVALID',
  USER_WAIT_TIME_INVALID: 'USER_WAIT_TIME_INVALID',
  JOURNEY_STEPS_INVALID: 'JOURNEY_STEPS_INVALID',
  // the target
  HOST_MISSING: 'HOST_MISSING',
  HOST_INVALID: 'HOST_INVALID',
  TARGET_MISSING: 'TARGET_MISSING',
  TARGET_UNREACHABLE: 'TARGET_UNREACHABLE',
  TARGET_TLS: 'TARGET_TLS',
  SERVICE_START_FAILED: 'SERVICE_START_FAILED',
  RESET_TOKEN_MISSING: 'RESET_TOKEN_MISSING',
  RESET_FAILED: 'RESET_FAILED',
  RESET_REFUSED: 'RESET_REFUSED',
  // the web UI
  WEB_AUTH_REQUIRED: 'WEB_AUTH_REQUIRED',
  WEB_AUTH_INVALID: 'WEB_AUTH_INVALID',
  WEB_LISTEN: 'WEB_LISTEN',
  WEB_BUSY: 'WEB_BUSY',
  WEB_IDLE: 'WEB_IDLE',
  WEB_FORM: 'WEB_FORM',
  // distributed mode (runner/distributed/)
  MASTER_LISTEN: 'MASTER_LISTEN',
  MASTER_TOKEN_MISSING: 'MASTER_TOKEN_MISSING',
  MASTER_TOKEN: 'MASTER_TOKEN',
  MASTER_UNREACHABLE: 'MASTER_UNREACHABLE',
  WORKER_REFUSED: 'WORKER_REFUSED',
  NO_WORKERS: 'NO_WORKERS',
  // the run and its files
  HOOK_FAILED: 'HOOK_FAILED',
  HOOK_TIMEOUT: 'HOOK_TIMEOUT',
  LOAD_TOO_LARGE: 'LOAD_TOO_LARGE',
  OUTPUT_IN_USE: 'OUTPUT_IN_USE',
  RUNNER_OUT_OF_FILES: 'RUNNER_OUT_OF_FILES',
  INTERRUPTED: 'INTERRUPTED',
  WORKERS_CRASHED: 'WORKERS_CRASHED',
  WRITE_FAILED: 'WRITE_FAILED',
  REPORT_INPUT: 'REPORT_INPUT',
  // inside a journey (not RunnerErrors: they end a journey, never the run)
  REQUEST_FAILED: 'REQUEST_FAILED',
  REQUEST_CANCELLED: 'REQUEST_CANCELLED',
  JOURNEY_INTERRUPTED: 'JOURNEY_INTERRUPTED',
} as const;

/** One of the runner's error codes. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The `code` of any thrown value, or undefined. Codes are compared rather than classes, so
 * an error made by another copy of the runner (a suite with its own install) still matches.
 * @example if (codeOf(error) === ErrorCode.REQUEST_FAILED) …
 */
export function codeOf(error: unknown): unknown {
  return error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
}

export interface RunnerErrorOptions {
  /** Stable machine-readable code from `ErrorCode`, e.g. `PROFILE_INVALID`, `USER_CLASS_UNKNOWN`. */
  code: ErrorCode;
  /** Where the problem is: a file (`profiles/smoke.yaml:3`), a flag (`--users`), a host. */
  where?: string;
  /** How to fix it, in a few words. */
  hint?: string;
  /** Process exit code; default 2 (bad usage, profile, threshold or user module). */
  exitCode?: number;
  /** Several problems found at once (e.g. every error of a profile), printed one line each. */
  problems?: readonly string[];
  cause?: unknown;
}

/**
 * @example
 * throw new RunnerError('unknown user class "Shopper"', {
 *   code: 'USER_CLASS_UNKNOWN', where: 'users/', hint: 'run `journeys list` to see the classes',
 * });
 */
export class RunnerError extends Error {
  readonly code: ErrorCode;
  readonly where?: string;
  readonly hint?: string;
  readonly exitCode: number;
  readonly problems: readonly string[];

  constructor(message: string, options: RunnerErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RunnerError';
    this.code = options.code;
    this.where = options.where;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.usage;
    this.problems = options.problems ?? [];
  }
}

/** The lines the CLI prints for an error: one per problem, each `error: what (where) — how to fix`. */
export function formatRunnerError(error: RunnerError): string[] {
  if (error.problems.length > 0) return error.problems.map((problem) => `error: ${problem}`);
  const where = error.where ? ` (${error.where})` : '';
  const hint = error.hint ? ` — ${error.hint}` : '';
  return [`error: ${error.message}${where}${hint}`];
}
