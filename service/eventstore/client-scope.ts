import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError } from './store-errors.ts';

/**
 * The client gave up (closed its connection) before the command was stored. The HTTP edge
 * answers 499 as nginx counts it: the client never sees it; /metrics and the log do.
 */
export class ClientGoneError extends StoreError {
  constructor() {
    super('CLIENT_GONE', 'Client closed the request before it was done');
  }
}

const scope = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `work` with `signal` as the abort signal of the client it serves: the store refuses to
 * start a write for a client that has gone, so a request it gave up on (a timeout, a closed
 * tab) is not committed later, after a wait for the database.
 *
 * @example
 * app.use((c, next) => withClientSignal(c.req.raw.signal, next));
 */
export function withClientSignal<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  return scope.run(signal, work);
}

/** The signal of the client the current call serves; undefined outside a request (the saga). */
export function clientSignal(): AbortSignal | undefined {
  return scope.getStore();
}

export function throwIfClientGone(): void {
  if (scope.getStore()?.aborted) throw new ClientGoneError();
}
