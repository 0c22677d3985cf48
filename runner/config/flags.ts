/**
 * The command-line values a run takes from the user, checked all at once with the same
 * clear messages as a profile: `--users: must be a positive integer, got "abc"`.
 */
import { RunnerError } from '../errors.ts';
import type { BoundsFlags } from './bounds-settings.ts';
import { parseDuration } from './duration.ts';
import type { ServiceFlags } from './embedded-service-settings.ts';
import { FlagError } from './errors.ts';
import { HOST_PATTERN } from './schema.ts';
import { parseThreshold, type Threshold } from './thresholds.ts';

/** Flags as the CLI parser hands them over (strings, or numbers when already converted). */
export interface CliFlags extends ServiceFlags, BoundsFlags {
  users?: string | number;
  spawnRate?: string | number;
  /** Open model: journeys started per second (`--arrival-rate`). */
  arrivalRate?: string | number;
  /** Open model: most users in flight (`--max-users`). */
  maxUsers?: string | number;
  runTime?: string | number;
  host?: string;
  /** Repeated or comma-separated. */
  tags?: string | readonly string[];
  excludeTags?: string | readonly string[];
  seed?: string | number;
  threads?: string | number;
  /** `--max-threads`: lifts the cap on `threads` (runner/config/thread-cap.ts). */
  maxThreads?: string | number;
  iterations?: string | number;
  stopTimeout?: string | number;
  /** Replaces the profile's thresholds. */
  threshold?: string | readonly string[];
  /** `-f`: a file or folder of user classes; comma-separated or repeated for several. */
  usersModule?: string | readonly string[];
  /** Positional user class names (Locust's `UserClass…`). */
  classNames?: readonly string[];
  csvFullHistory?: boolean;
  /** `true` (at once), `false`, or a grace duration such as `30s`. */
  abortOnThreshold?: boolean | string | number;
}

/** Flags turned into values: undefined where the flag was not given. */
export interface CheckedFlags {
  users?: number;
  spawnRate?: number;
  arrivalRate?: number;
  maxUsers?: number;
  runTimeSeconds?: number;
  host?: string;
  tags?: string[];
  excludeTags?: string[];
  seed?: number;
  threads?: number;
  maxThreads?: number;
  iterations?: number;
  stopTimeoutSeconds?: number;
  thresholds?: Threshold[];
  usersModules?: string[];
  classNames: string[];
  csvFullHistory?: boolean;
  abortOnThreshold?: boolean | number;
}

/** Checks every flag; throws one `FlagError` naming each bad value. */
export function checkFlags(flags: CliFlags): CheckedFlags {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof RunnerError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const number = (value: string | number | undefined, flag: string, rule: NumberRule) =>
    value === undefined ? undefined : attempt(() => readNumber(value, flag, rule));
  const seconds = (value: string | number | undefined, flag: string) =>
    value === undefined ? undefined : attempt(() => parseDuration(value, flag));

  const runTime = (value: string | number | undefined) => {
    const result = seconds(value, '--run-time');
    if (result === 0)
      problems.push('--run-time: must be more than 0 seconds (leave it out to run until Ctrl-C)');
    return result;
  };
  const url = (value: string | undefined) => {
    if (value !== undefined && !new RegExp(HOST_PATTERN).test(value)) {
      problems.push(`--host: must be an http:// or https:// URL, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const checked: CheckedFlags = {
    users: number(flags.users, '--users', positiveInteger),
    spawnRate: number(flags.spawnRate, '--spawn-rate', positiveNumber),
    arrivalRate: number(flags.arrivalRate, '--arrival-rate', positiveNumber),
    maxUsers: number(flags.maxUsers, '--max-users', positiveInteger),
    runTimeSeconds: runTime(flags.runTime),
    host: url(flags.host),
    tags: list(flags.tags),
    excludeTags: list(flags.excludeTags),
    seed: number(flags.seed, '--seed', seedRule),
    threads: number(flags.threads, '--threads', positiveInteger),
    maxThreads: number(flags.maxThreads, '--max-threads', positiveInteger),
    iterations: number(flags.iterations, '--iterations', positiveInteger),
    stopTimeoutSeconds: seconds(flags.stopTimeout, '--stop-timeout'),
    thresholds: listOf(flags.threshold)?.map(
      (expression) => attempt(() => parseThreshold(expression, '--threshold'))!,
    ),
    usersModules: list(flags.usersModule),
    classNames: [...(flags.classNames ?? [])],
    csvFullHistory: flags.csvFullHistory,
    abortOnThreshold: readAbort(flags.abortOnThreshold, (text) => seconds(text, '--abort-on-threshold')),
  };
  if (flags.arrivalRate !== undefined && (flags.users !== undefined || flags.spawnRate !== undefined)) {
    problems.push(
      '--arrival-rate: cannot be combined with --users or --spawn-rate (the open model starts journeys at a rate, the closed model runs users)',
    );
  }
  if (problems.length > 0) throw new FlagError(problems);
  return checked;
}

interface NumberRule {
  pattern: RegExp;
  test: (value: number) => boolean;
  says: string;
}
const positiveInteger: NumberRule = {
  pattern: /^\d+$/,
  test: (n) => Number.isSafeInteger(n) && n >= 1,
  says: 'a positive integer',
};
const positiveNumber: NumberRule = {
  pattern: /^\d*\.?\d+$/,
  test: (n) => Number.isFinite(n) && n > 0,
  says: 'a number greater than 0',
};
const seedRule: NumberRule = {
  pattern: /^\d+$/,
  test: (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
  says: 'an integer from 0 to 4294967295',
};

function readNumber(value: string | number, flag: string, rule: NumberRule): number {
  const text = String(value).trim();
  const parsed = Number(text);
  if (!rule.pattern.test(text) || !rule.test(parsed)) {
    throw new FlagError([`${flag}: must be ${rule.says}, got ${JSON.stringify(String(value))}`]);
  }
  return parsed;
}

function readAbort(
  value: boolean | string | number | undefined,
  seconds: (text: string | number) => number | undefined,
): boolean | number | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return seconds(value);
}

function listOf(value: string | readonly string[] | undefined): string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : [...value];
}

/** Repeated flags and comma-separated values alike: `--tags a,b --tags c` → a, b, c. */
function list(value: string | readonly string[] | undefined): string[] | undefined {
  return listOf(value)
    ?.flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
