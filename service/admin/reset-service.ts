import type { ServiceProcess } from '../app.ts';
import type { ServiceContext } from '../context.ts';
import { resetStore, type StoreContents } from '../eventstore/reset.ts';

/** What `POST /admin/reset` answers. */
export interface ServiceReset {
  /** What the store held before: events, streams, documents, checkpoints, snapshots. */
  removed: StoreContents;
  /** The subscribers running again from an empty log. */
  subscribers: string[];
  tookMs: number;
}

/** Resets of one service run one at a time: a second waits for the first, then resets again. */
const inProgress = new WeakMap<ServiceContext, Promise<unknown>>();

/**
 * Makes a running service as if freshly started on an empty database, in this order:
 * stop the subscribers (none is mid-batch, so none stores an old checkpoint after), empty
 * the store (resetStore), drop the aggregate cache (its states describe streams that are
 * gone, and would make them look alive), zero the metrics, start the subscribers again
 * from the empty log. Requests in flight meanwhile are not held back: reset between runs.
 *
 * Only this process's caches: with WORKERS or several instances over one PostgreSQL, the
 * others keep theirs until restarted (a stale entry ends in a conflict and a reload, so no
 * wrong answer, but their metrics and cache hit ratio carry over).
 *
 * @example
 * const { removed } = await resetService(ctx, processes);
 */
export function resetService(
  ctx: ServiceContext,
  processes: readonly ServiceProcess[],
): Promise<ServiceReset> {
  const previous = inProgress.get(ctx) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => resetNow(ctx, processes));
  inProgress.set(ctx, next);
  return next;
}

async function resetNow(ctx: ServiceContext, processes: readonly ServiceProcess[]): Promise<ServiceReset> {
  const started = performance.now();
  await Promise.allSettled([...ctx.subscribers.values()].map((subscriber) => subscriber.stop()));
  ctx.subscribers.clear();
  try {
    const removed = await resetStore(ctx.store);
    ctx.cache?.clear();
    ctx.metrics.registry.resetMetrics();
    ctx.metrics.pool.resetPeaks();
    return {
      removed,
      subscribers: processes.map((p) => p.name),
      tookMs: Math.round(performance.now() - started),
    };
  } finally {
    // Even when the reset failed: a service without its saga would be worse than one not reset.
    for (const process of processes) ctx.subscribers.set(process.name, process.start(ctx));
  }
}
