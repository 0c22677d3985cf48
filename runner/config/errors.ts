import { RunnerError } from '../errors.ts';

/**
 * A profile file with problems: every problem found (YAML syntax, schema, durations,
 * thresholds), one line each, `file:line: field: message`.
 */
export class ProfileError extends RunnerError {
  constructor(file: string, problems: readonly string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`profile ${file} is invalid (${count}):\n${problems.join('\n')}`, {
      code: 'PROFILE_INVALID',
      where: file,
      problems,
    });
    this.name = 'ProfileError';
  }
}

/** Command-line values that cannot be used, one line each (`--users: must be a positive integer, got "abc"`). */
export class FlagError extends RunnerError {
  constructor(problems: readonly string[]) {
    super(problems.join('\n'), { code: 'FLAG_INVALID', problems });
    this.name = 'FlagError';
  }
}

/** A duration that does not parse; the message names where it was written and the value. */
export class DurationError extends RunnerError {
  constructor(message: string) {
    super(message, { code: 'DURATION_INVALID' });
    this.name = 'DurationError';
  }
}
