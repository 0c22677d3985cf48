import type { SQL } from 'drizzle-orm';
import type postgres from 'postgres';
import { ClientGoneError, clientSignal } from './client-scope.ts';
import { asUnavailable, DatabaseUnavailableError } from './database-unavailable.ts';
import { type SqlSession, toQuery } from './sql-session.ts';

/**
 * Bounds the wait for a pooled connection. postgres.js queues a statement while every
 * connection is busy or reconnecting and has no limit on that wait, so during an outage
 * requests piled up for as long as the database was away and ran when it came back — long
 * after their clients had given up. Here a statement not yet sent after `waitMs`, or whose
 * client has gone, is taken out of the queue; a transaction that only gets its connection
 * afterwards rolls back before doing anything. Once sent, a statement is bounded by the
 * server's statement_timeout instead (see openPostgresClient).
 */
export function boundedSession(client: postgres.Sql, waitMs: number) {
  const noConnection = () => new DatabaseUnavailableError(`no connection within ${waitMs} ms`);

  /** Settles with `work`, or rejects when the wait runs out or the client goes, whichever first. */
  function bounded<T>(start: () => Promise<T>, giveUp: (error: Error) => boolean): Promise<T> {
    const signal = clientSignal();
    if (signal?.aborted) return Promise.reject(new ClientGoneError());
    return new Promise<T>((resolve, reject) => {
      const stop = (error: Error) => {
        if (giveUp(error)) finish(() => reject(error));
      };
      const onAbort = () => stop(new ClientGoneError());
      const timer = setTimeout(() => stop(noConnection()), waitMs);
      let done = false;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      start().then(
        (value) => finish(() => resolve(value)),
        (error: unknown) => finish(() => reject(asUnavailable(error))),
      );
    });
  }

  const query = <Row>(statement: SQL): Promise<Row[]> => {
    const { text, params } = toQuery(statement);
    const pending = client.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true });
    return bounded(
      async () => (await pending) as unknown as Row[],
      // postgres.js sets `state` once the statement is on a connection; before that, cancel()
      // only takes it off the queue (no round trip to a server that may be away).
      () => {
        if ((pending as { state?: unknown }).state !== undefined) return false;
        pending.cancel();
        return true;
      },
    );
  };

  function transaction<T>(
    work: (tx: SqlSession) => Promise<T>,
    session: (tx: postgres.TransactionSql) => SqlSession,
  ): Promise<T> {
    let phase: 'waiting' | 'begun' | 'abandoned' = 'waiting';
    return bounded(
      () =>
        client.begin(async (tx) => {
          if (phase === 'abandoned') throw noConnection(); // its caller already has its answer: roll back
          phase = 'begun';
          return work(session(tx));
        }) as Promise<T>,
      () => {
        if (phase !== 'waiting') return false;
        phase = 'abandoned';
        return true;
      },
    );
  }

  return { query, transaction };
}
