/**
 * What the event store throws when it cannot do what was asked: store errors with a stable
 * code, not HTTP statuses. The HTTP edge (`service/http/error-response.ts`) decides what a
 * client sees (409, 499, 503); the saga and the scripts that use the store see the same
 * errors without an HTTP meaning.
 */

export type StoreErrorCode = 'EXPECTED_VERSION_CONFLICT' | 'CLIENT_GONE' | 'DATABASE_UNAVAILABLE';

/** The root of the store's errors. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * An append found the stream at another version than it expected (optimistic concurrency).
 * @example throw new ExpectedVersionConflict('order-1', 3, 4);
 */
export class ExpectedVersionConflict extends StoreError {
  readonly streamId: string;
  readonly expected: string;
  readonly actual: number;
  constructor(streamId: string, expected: string | number, actual: number) {
    super('EXPECTED_VERSION_CONFLICT', `Stream ${streamId} is at version ${actual}, expected ${expected}`);
    this.streamId = streamId;
    this.expected = String(expected);
    this.actual = actual;
  }
}
