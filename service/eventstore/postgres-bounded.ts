import type { SQL } from 'drizzle-orm/sql/sql';
import type postgres from 'postgres';
import { ClientGoneError, clientSignal } from './client-scope.ts';
import { asUnavailable, CommitUnconfirmedError, DatabaseUnavailableError } from './database-unavailable.ts';
import { type SqlSession, toQuery } from './sql-session.ts';

/**
 * Bounds every call on the pool: it settles within `waitMs` or answers 503, and a write whose
 * client has gone, or whose answer came too late, rolls back.
 *
 * - Waiting for a connection: postgres.js queues a statement while every connection is busy or
 *   reconnecting and has no limit on that wait, so during an outage requests piled up and ran
 *   when the database came back, long after their clients had given up. A statement not yet
 *   sent when the wait runs out or its client goes is taken out of the queue.
 * - On the server: a frozen server (SIGSTOP, a stalled disk) never enforces its own
 *   statement_timeout, so the caller is answered 503 at `waitMs` whatever the statement is
 *   doing; a read finishes unseen.
 * - A transaction checks, before its COMMIT, that its client is still there and its caller
 *   still waiting; if not it rolls back. Only a COMMIT already sent when the server stopped
 *   answering can land after its caller was answered: that answer says so
 *   (CommitUnconfirmedError), and it is the one case docs/faults.md lists.
 */
export function boundedSession(client: postgres.Sql, waitMs: number) {
  const noConnection = () => new DatabaseUnavailableError(`no connection within ${waitMs} ms`);
  const noAnswer = () => new DatabaseUnavailableError(`no answer within ${waitMs} ms`);

  /**
   * Settles with `work`, or when the wait runs out or the client goes, whichever first:
   * `giveUp` says what to reject with then, or undefined to keep waiting.
   */
  function bounded<T>(start: () => Promise<T>, giveUp: (reason: Error) => Error | undefined): Promise<T> {
    const signal = clientSignal();
    if (signal?.aborted) return Promise.reject(new ClientGoneError());
    return new Promise<T>((resolve, reject) => {
      const stop = (reason: Error) => {
        const error = giveUp(reason);
        if (error) finish(() => reject(error));
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
      // only takes it off the queue (no round trip to a server that may be away). Once sent it
      // runs to its end unseen: only reads and single-statement writes of callers without a
      // client (the saga, which is idempotent) take this path; see sql-store.ts's write.
      (reason) => {
        if ((pending as { state?: unknown }).state === undefined) {
          pending.cancel();
          return reason;
        }
        return reason instanceof ClientGoneError ? reason : noAnswer();
      },
    );
  };

  function transaction<T>(
    work: (tx: SqlSession) => Promise<T>,
    session: (tx: postgres.TransactionSql) => SqlSession,
  ): Promise<T> {
    let phase: 'waiting' | 'begun' | 'committing' | 'abandoned' = 'waiting';
    let connectionLost = false;
    const signal = clientSignal();
    return bounded(
      () => {
        const begun = client.begin(async (tx) => {
          if (phase === 'abandoned') throw noConnection(); // its caller already has its answer: roll back
          phase = 'begun';
          let result: T;
          try {
            result = await work(session(tx));
          } catch (error) {
            await afterConnectionEvents();
            if (connectionLost) return stranded<T>();
            throw error;
          }
          await afterConnectionEvents();
          if (connectionLost) return stranded<T>();
          // The last moment to take the write back: after this, postgres.js sends COMMIT.
          if ((phase as string) === 'abandoned' || signal?.aborted) throw new ClientGoneError();
          phase = 'committing';
          return result;
        }) as Promise<T>;
        // begin() rejects at once when the transaction's connection closes (a restart).
        begun.catch(() => {
          connectionLost = true;
        });
        return begun;
      },
      (reason) => {
        if (phase === 'committing') {
          return reason instanceof ClientGoneError ? reason : new CommitUnconfirmedError(waitMs);
        }
        const waiting = phase === 'waiting';
        phase = 'abandoned';
        return waiting || reason instanceof ClientGoneError ? reason : noAnswer();
      },
    );
  }

  return { query, transaction };
}

/** One turn of the event loop: a closed socket's handlers, and what they settle, have run. */
const afterConnectionEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * What a transaction whose connection closed under it returns: nothing, ever. postgres.js
 * would otherwise send ROLLBACK or COMMIT on the closed connection, and writing to its null
 * socket throws from a timer, which ends the process (postgres.js 3.4.9, connection.js
 * nextWrite). The server rolled the transaction back when the connection went, and the caller
 * had its answer from begin() already.
 */
function stranded<T>(): Promise<T> {
  return new Promise<T>(() => {});
}
