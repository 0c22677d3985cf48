import { DurationError } from './errors.ts';

/**
 * Locust's timespans (`15s`, `2m`, `1h30m`, also `1h 30m` and `1.5s`) or plain seconds (`90`).
 * Parts come in the order h, m, s, each at most once.
 */
export const DURATION_PATTERN =
  '^(?:\\d+(?:\\.\\d+)?|(?=\\d)(?:\\d+(?:\\.\\d+)?h)?(?:\\s*\\d+(?:\\.\\d+)?m)?(?:\\s*\\d+(?:\\.\\d+)?s)?)$';

const durationPattern = new RegExp(DURATION_PATTERN);
const unitSeconds: Record<string, number> = { h: 3600, m: 60, s: 1 };

/**
 * Seconds in a duration written as Locust does (`15s`, `2m`, `1h30m`, `1h 30m`, `1.5s`) or
 * as plain seconds (`90`, `'90'`). `where` names the flag or profile field in the error.
 * @example parseDuration('1h30m', '--run-time') // 5400
 */
export function parseDuration(text: string | number, where: string): number {
  if (typeof text === 'number') {
    if (Number.isFinite(text) && text >= 0) return text;
    throw new DurationError(`${where}: ${text} is not a duration (seconds must be a number ≥ 0)`);
  }
  const trimmed = text.trim();
  if (!durationPattern.test(trimmed)) {
    throw new DurationError(`${where}: ${JSON.stringify(text)} is not a duration (${whatIsWrong(trimmed)})`);
  }
  if (/^[\d.]+$/.test(trimmed)) return Number(trimmed);
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([hms])/g)) {
    seconds += Number(amount) * unitSeconds[unit];
  }
  // Sums of decimal parts (1.1m) pick up float noise; durations need no more than microseconds.
  return Math.round(seconds * 1e6) / 1e6;
}

function whatIsWrong(text: string): string {
  const usage = 'write 15s, 2m, 1h30m or plain seconds';
  if (text === '') return `it is empty; ${usage}`;
  if (text.startsWith('-')) return 'it must not be negative';
  if (/\dms$/.test(text)) return 'milliseconds are not a unit here; write 0.5s rather than 500ms';
  const unit = text.match(/[a-z]+/gi)?.find((letters) => !(letters in unitSeconds));
  if (unit) return `unknown unit "${unit}"; units are h, m and s`;
  return usage + ', units in the order h, m, s';
}
