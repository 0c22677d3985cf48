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

export interface RunnerErrorOptions {
  /** Stable machine-readable code, e.g. `PROFILE_INVALID`, `USER_CLASS_UNKNOWN`. */
  code: string;
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
  readonly code: string;
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
