import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.ts';
import { DurationError } from './errors.ts';

describe('parseDuration', () => {
  it.each([
    ['1h30m', 5400],
    ['1h 30m', 5400],
    ['15s', 15],
    ['2m', 120],
    ['90', 90],
    [90, 90],
    ['1.5s', 1.5],
    ['1.5', 1.5],
    ['0', 0],
    ['0s', 0],
    ['2h', 7200],
    ['1m30s', 90],
    ['1h 2m 3s', 3723],
    ['1.1m', 66],
    [' 2m ', 120],
  ] as const)('%j is %d seconds', (text, seconds) => {
    expect(parseDuration(text, 'duration')).toBe(seconds);
  });

  it.each([
    ['2x', '--run-time: "2x" is not a duration (unknown unit "x"; units are h, m and s)'],
    ['1d', '--run-time: "1d" is not a duration (unknown unit "d"; units are h, m and s)'],
    ['', '--run-time: "" is not a duration (it is empty; write 15s, 2m, 1h30m or plain seconds)'],
    ['-5', '--run-time: "-5" is not a duration (it must not be negative)'],
    [
      '30m1h',
      '--run-time: "30m1h" is not a duration (write 15s, 2m, 1h30m or plain seconds, units in the order h, m, s)',
    ],
    [
      '500ms',
      '--run-time: "500ms" is not a duration (milliseconds are not a unit here; write 0.5s rather than 500ms)',
    ],
    [
      'm',
      '--run-time: "m" is not a duration (write 15s, 2m, 1h30m or plain seconds, units in the order h, m, s)',
    ],
    [-1, '--run-time: -1 is not a duration (seconds must be a number ≥ 0)'],
    [Number.NaN, '--run-time: NaN is not a duration (seconds must be a number ≥ 0)'],
  ] as const)('rejects %j naming where and the value', (text, message) => {
    expect(() => parseDuration(text, '--run-time')).toThrow(message);
    try {
      parseDuration(text, '--run-time');
    } catch (error) {
      expect(error).toBeInstanceOf(DurationError);
      expect((error as DurationError).code).toBe('DURATION_INVALID');
      expect((error as DurationError).exitCode).toBe(2);
    }
  });
});
