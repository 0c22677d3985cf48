import { codeOf, ErrorCode } from '../errors.ts';
import type { ClientResponse } from './client.ts';

/**
 * A request that failed: its expectation was not met or the connection failed. The failure
 * is already in the statistics when this is thrown; the runner ends the journey (the step
 * that threw is the journey's `interruptedAt`) without recording it a second time.
 *
 * @example
 * try { await this.client.get('/orders/1', { expect: [200] }); }
 * catch (error) { if (isRequestFailed(error) && error.response?.status === 404) this.interrupt(); throw error; }
 */
export class RequestFailed extends Error {
  readonly code = ErrorCode.REQUEST_FAILED;
  /** The text recorded in the failures table, one line: e.g. `HTTP 500: {"error":"…"}` or `ECONNREFUSED`. */
  readonly failure: string;
  /** The response, when the server answered. */
  readonly response?: ClientResponse;

  constructor(method: string, name: string, failure: string, response?: ClientResponse, cause?: unknown) {
    super(`${method} ${name}: ${failure}`, cause === undefined ? undefined : { cause });
    this.name = 'RequestFailed';
    this.failure = failure;
    this.response = response;
  }
}

/**
 * A request cut off because its user was stopped. It is not a failure and is never
 * recorded: the run ended under it.
 */
export class RequestCancelled extends Error {
  readonly code = ErrorCode.REQUEST_CANCELLED;

  constructor() {
    super('request cancelled: the user was stopped');
    this.name = 'RequestCancelled';
  }
}

/**
 * Whether `error` is a failed request (already recorded). Matches by code, so it also
 * recognises one thrown by another copy of the runner.
 * @example catch (error) { if (isRequestFailed(error)) console.log(error.response?.status); }
 */
export function isRequestFailed(error: unknown): error is RequestFailed {
  return codeOf(error) === ErrorCode.REQUEST_FAILED;
}

/**
 * Whether `error` is a request cut off by the run's stop (never recorded, never a failure).
 * @example catch (error) { if (isRequestCancelled(error)) throw error; }
 */
export function isRequestCancelled(error: unknown): error is RequestCancelled {
  return codeOf(error) === ErrorCode.REQUEST_CANCELLED;
}

/**
 * The runner could not open a connection because this process is out of file descriptors
 * (`EMFILE`, or the system's `ENFILE`): the runner's limit, not the target's failure. It is
 * not recorded as a failed request; the journey ends and the exceptions table names it.
 */
export class RunnerOutOfFiles extends Error {
  readonly code: string;

  constructor(code: string, cause?: unknown) {
    super(
      `the runner is out of file descriptors (${code}) and could not open a connection: raise the limit (ulimit -n) or run fewer users — not a failure of the target`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'RunnerOutOfFiles';
    this.code = code;
  }
}
