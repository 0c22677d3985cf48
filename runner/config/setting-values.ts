/**
 * How a setting's text becomes its value. Each reader throws a `RunnerError` whose message
 * names the flag (or field) and the value: `--users: must be a positive integer, got "abc"`.
 */

import { closestName } from '../closest-name.ts';
import { RunnerError } from '../errors.ts';
import { parseThreshold, type Threshold } from '../thresholds/parse.ts';
import { parseDuration } from './duration.ts';
import { FlagError } from './errors.ts';
import { LOG_LEVELS, type LogLevel } from './log-level.ts';

/** A target base URL: http or https with a host. */
export const HOST_PATTERN = '^https?://[^\\s/]+';

interface NumberRule {
  pattern: RegExp;
  test: (value: number) => boolean;
  says: string;
}

const numberReader =
  (rule: NumberRule) =>
  (value: string | number, name: string): number => {
    const text = String(value).trim();
    const parsed = Number(text);
    if (!rule.pattern.test(text) || !rule.test(parsed)) {
      throw new FlagError([`${name}: must be ${rule.says}, got ${JSON.stringify(String(value))}`]);
    }
    return parsed;
  };

export const positiveInteger = numberReader({
  pattern: /^\d+$/,
  test: (n) => Number.isSafeInteger(n) && n >= 1,
  says: 'a positive integer',
});

export const positiveNumber = numberReader({
  pattern: /^\d*\.?\d+$/,
  test: (n) => Number.isFinite(n) && n > 0,
  says: 'a number greater than 0',
});

export const seedNumber = numberReader({
  pattern: /^\d+$/,
  test: (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
  says: 'an integer from 0 to 4294967295',
});

export const portNumber = numberReader({
  pattern: /^\d+$/,
  test: (n) => n <= 65535,
  says: 'a port number from 0 to 65535',
});

export const exitCode = numberReader({
  pattern: /^\d+$/,
  test: (n) => n <= 255,
  says: 'a whole number from 0 to 255',
});

export const seconds = numberReader({
  pattern: /^\d+(\.\d+)?$/,
  test: Number.isFinite,
  says: 'a number of seconds',
});

/** `15s`, `2m`, `1h30m` or plain seconds, in seconds. */
export const duration = (value: string | number, name: string): number => parseDuration(value, name);

/** A duration that must be more than zero (`--request-timeout 0` would fail every request). */
export const positiveDuration = (value: string | number, name: string): number => {
  const result = parseDuration(value, name);
  if (result === 0) throw new FlagError([`${name}: must be more than 0 seconds`]);
  return result;
};

/** A run's length: more than zero, since a run of 0 s would end before it started. */
export const runLength = (value: string | number, name: string): number => {
  const result = parseDuration(value, name);
  if (result === 0)
    throw new FlagError([`${name}: must be more than 0 seconds (leave it out to run until Ctrl-C)`]);
  return result;
};

/** The shortest step of a limit search: its first second is not judged, so at least one more is. */
export const MIN_LIMIT_STEP_SECONDS = 2;

/** A limit search's step: at least 2 s. */
export const limitStepLength = (value: string | number, name: string): number => {
  const result = parseDuration(value, name);
  if (result < MIN_LIMIT_STEP_SECONDS) {
    throw new FlagError([
      `${name}: must be at least ${MIN_LIMIT_STEP_SECONDS}s (the first second of each step is not judged), got ${JSON.stringify(String(value))}`,
    ]);
  }
  return result;
};

export const hostUrl = (value: string | number, name: string): string => {
  const text = String(value);
  if (!new RegExp(HOST_PATTERN).test(text)) {
    throw new FlagError([`${name}: must be an http:// or https:// URL, got ${JSON.stringify(text)}`]);
  }
  return text;
};

/** Repeated flags and comma-separated values alike: `--tags a,b --tags c` → a, b, c. */
export const nameList = (value: string | number | readonly string[]): string[] =>
  listOf(value)
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Every expression of a repeated `--threshold`, parsed. */
export const thresholdList = (value: string | number | readonly string[], name: string): Threshold[] => {
  const problems: string[] = [];
  const thresholds = listOf(value).flatMap((expression) => {
    try {
      return [parseThreshold(expression, name)];
    } catch (error) {
      if (!(error instanceof RunnerError)) throw error;
      problems.push(error.message);
      return [];
    }
  });
  if (problems.length > 0) throw new FlagError(problems);
  return thresholds;
};

/** `true` (at once), `false`, or a grace duration such as `30s`. */
export const abortGrace = (value: string | number | boolean, name: string): boolean | number => {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return parseDuration(value, name);
};

/** `--loglevel` / `-L` as Locust spells it (DEBUG, INFO, WARNING, ERROR, CRITICAL; any case). */
export const logLevel = (value: string | number, name: string): LogLevel => {
  const text = String(value);
  const level = text.toLowerCase() === 'warn' ? 'warning' : text.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  const near = closestName(level, LOG_LEVELS);
  throw new RunnerError(`${name}: unknown level ${JSON.stringify(text)}`, {
    code: 'FLAG_INVALID',
    hint: near ? `did you mean ${near.toUpperCase()}?` : `one of ${LOG_LEVELS.join(', ').toUpperCase()}`,
  });
};

function listOf(value: string | number | readonly string[]): string[] {
  return typeof value === 'string' || typeof value === 'number' ? [String(value)] : [...value];
}

export const wholeNumber = numberReader({
  pattern: /^\d+$/,
  test: (n) => Number.isSafeInteger(n) && n >= 0,
  says: 'a whole number ≥ 0',
});

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e6,
  mib: 1024 ** 2,
  gb: 1e9,
  gib: 1024 ** 3,
};

/** A size in bytes: `8388608`, `512KiB`, `8MiB`, `1.5MB`. */
export const byteSize = (value: string | number, name: string): number => {
  const match = SIZE.exec(String(value).trim());
  const bytes = match
    ? Math.floor(Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()])
    : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1)
    throw new FlagError([
      `${name}: must be a size in bytes such as 8388608, 512KiB or 8MiB, got ${JSON.stringify(String(value))}`,
    ]);
  return bytes;
};
