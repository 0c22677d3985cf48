import { setTimeout as sleep } from 'node:timers/promises';
import { internalsOf, type SubscriberLock } from './internals.ts';
import type { EventStore, LogPosition, ReadAllEvent } from './types.ts';

export interface SubscriberOptions {
  /** Checkpoint key, and the lock that keeps it to one instance at a time. */
  name: string;
  /** Event types passed to `handle`; others only advance the checkpoint. Default: all. */
  handles?: readonly string[];
  /** Must be idempotent: delivery is at-least-once (a crash between handle and checkpoint replays the batch). */
  handle(events: readonly ReadAllEvent[]): Promise<void>;
  /** Pause between polls once caught up. Default 100 ms. */
  pollMs?: number;
  /** Events read per batch. Default 500. */
  batchSize?: number;
  /** A failed batch is reported here, then retried after `pollMs`. Default: console.error. */
  onError?(error: unknown): void;
}

export interface Subscriber {
  /** Committed events after the stored checkpoint. */
  lag(): Promise<number>;
  /** Of those, the ones `handles` names (all of them when it names none): the work still to do. */
  backlog(): Promise<number>;
  /** Resolves once lag is 0; rejects after `timeoutMs` (default 10 s). */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Longest pause between retries of a failing batch: bounds how late a recovered database is noticed. */
export const RETRY_CAP_MS = 2000;

/** Pause after the `failures`+1-th failure in a row: pollMs, 2×, 4×, … capped at RETRY_CAP_MS. */
export function retryDelayMs(pollMs: number, failures: number): number {
  return Math.min(Math.max(pollMs, 1) * 2 ** Math.min(failures, 20), Math.max(RETRY_CAP_MS, pollMs));
}

/**
 * Follows the whole log in commit order from the subscriber's checkpoint, handing batches to
 * `handle` and storing the checkpoint after each. Never skips a late commit (readAll
 * ordering), and runs on one instance at a time: on PostgreSQL a session advisory lock per
 * name, the other instances wait and retry.
 *
 * @example
 * const saga = startSubscriber(store, {
 *   name: 'checkout-saga',
 *   handles: ['OrderConfirmed', 'PaymentSucceeded'],
 *   handle: async (events) => { for (const event of events) await react(event); },
 * });
 * await saga.caughtUp();
 * await saga.stop();
 */
export function startSubscriber(store: EventStore, options: SubscriberOptions): Subscriber {
  const { name, handle, handles } = options;
  const pollMs = options.pollMs ?? 100;
  const batchSize = options.batchSize ?? 500;
  const onError = options.onError ?? ((error: unknown) => console.error(`subscriber ${name}:`, error));
  const backend = internalsOf(store);
  const stopping = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  async function processBatch(position: LogPosition | undefined): Promise<LogPosition | undefined> {
    const events = await store.readAll({ after: position, maxCount: batchSize });
    if (events.length === 0) return undefined;
    const wanted = handles ? events.filter((event) => handles.includes(event.type)) : events;
    if (wanted.length > 0) await handle(wanted);
    const last = events.at(-1)!;
    const next = { transactionId: last.transactionId, globalPosition: last.globalPosition };
    await store.storeCheckpoint(name, next);
    return next;
  }

  async function run(): Promise<void> {
    let lock: SubscriberLock | undefined;
    let position: LogPosition | undefined;
    let failures = 0;
    try {
      while (!stopping.signal.aborted) {
        try {
          if (lock?.lost?.()) lock = undefined; // another instance may hold it now: ask again
          if (!lock) {
            lock = await backend.tryLockSubscriber(name);
            if (!lock) {
              await pause(Math.max(pollMs, 1000));
              continue;
            }
            position = await store.loadCheckpoint(name);
          }
          const next = await processBatch(position);
          failures = 0;
          if (next) position = next;
          else await pause(pollMs);
        } catch (error) {
          if (stopping.signal.aborted) break;
          onError(error);
          // Doubling pauses: a database that is away is asked (and the failure logged) a few
          // times a second at first, then every RETRY_CAP_MS — not every poll.
          await pause(retryDelayMs(pollMs, failures++));
        }
      }
    } finally {
      await lock?.release().catch(onError);
    }
  }

  const running = run();
  const lag = async () => backend.countAfter(await store.loadCheckpoint(name));
  return {
    lag,
    backlog: async () => backend.countAfter(await store.loadCheckpoint(name), handles),
    caughtUp: async (timeoutMs = 10_000) => {
      const deadline = performance.now() + timeoutMs;
      while ((await lag()) > 0) {
        if (performance.now() > deadline)
          throw new Error(`subscriber ${name} did not catch up within ${timeoutMs} ms`);
        await sleep(Math.min(pollMs, 50));
      }
    },
    stop: async () => {
      stopping.abort();
      await running;
    },
  };
}
