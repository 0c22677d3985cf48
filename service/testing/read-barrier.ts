import type { EventStore } from '../eventstore/types.ts';

/**
 * Test support: a store whose next `n` stream reads all wait until the n-th has its result, so n
 * concurrent commands are guaranteed to load the same version before any of them appends —
 * a deterministic version conflict on every backend (exact numbers, no timing luck).
 * Everything else (including the store's internals symbol) is inherited from the store.
 *
 * @example
 * const store = withReadBarrier(await backend.open(options));
 * store.arm(5); // the next 5 readStream calls meet before any proceeds
 */
export function withReadBarrier(store: EventStore): EventStore & { arm(n: number): void } {
  let waiting: (() => void)[] = [];
  let remaining = 0;
  let waitingTarget = 0;
  const gated = Object.create(store) as EventStore & { arm(n: number): void };
  gated.arm = (n) => {
    remaining = n;
    waitingTarget = n;
    waiting = [];
  };
  gated.readStream = async (streamId, options) => {
    if (remaining <= 0) return store.readStream(streamId, options);
    remaining--;
    // Read first, then wait: every reader holds its result before any of them can append.
    const result = await store.readStream(streamId, options);
    const arrived = new Promise<void>((resolve) => waiting.push(resolve));
    if (waiting.length === waitingTarget) for (const release of waiting) release();
    await arrived;
    return result;
  };
  return gated;
}
