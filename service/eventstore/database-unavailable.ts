import { ServiceError } from '../errors.ts';
import { StoreError } from './store-errors.ts';

/**
 * The database cannot be reached or did not answer in time. The request was not applied
 * (or, for a statement cut off by the statement timeout, rolled back): the HTTP edge answers
 * 503 with Retry-After, since the client may retry.
 */
export class DatabaseUnavailableError extends StoreError {
  readonly reason: string;
  constructor(reason: string) {
    super('DATABASE_UNAVAILABLE', `Database unavailable: ${reason}; retry shortly`);
    this.reason = reason;
  }
}

/**
 * 503 for a COMMIT sent but not confirmed in time (the server stopped answering mid-commit):
 * unlike every other 503, the write may have been applied. The client may retry; a create
 * keyed by an idempotency key or an external id lands on the same stream either way.
 */
export class CommitUnconfirmedError extends DatabaseUnavailableError {
  constructor(waitMs: number) {
    super(`commit not confirmed within ${waitMs} ms; it may have been applied`);
  }
}

/**
 * postgres.js connection errors and the SQLSTATEs of a server going away or refusing work:
 * connection exceptions (08…), admin/crash shutdown, cannot connect now (57P01–57P03), too many
 * connections (53300), and a statement cancelled by statement_timeout (57014).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
]);

/** The error as a DatabaseUnavailableError when it says the database is away, else as it is. */
export function asUnavailable(error: unknown): unknown {
  if (
    error instanceof StoreError ||
    error instanceof ServiceError ||
    typeof error !== 'object' ||
    error === null
  )
    return error;
  const code = String((error as { code?: unknown }).code ?? '');
  if (!UNAVAILABLE_CODES.has(code) && !code.startsWith('08')) return error;
  const reason = code === '57014' ? 'statement timed out' : `connection failed (${code})`;
  return Object.assign(new DatabaseUnavailableError(reason), { cause: error });
}
