import type { ExpectedVersion } from './types.ts';

/** Whether a stream at `current` (-1 = no stream) satisfies `expected`. The SQL backends enforce the same rule in SQL. */
export function expectedVersionHolds(expected: ExpectedVersion, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
}
