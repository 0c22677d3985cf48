/**
 * Which journey step a worker thread started last, readable by the main thread even while
 * this thread is stuck in it (a CPU-bound step never yields): one Int32 in shared memory,
 * written with one store per step; the step's name is announced once, when first seen.
 * A thread that does not stop in time is terminated and named with this step.
 */

let slot: Int32Array | undefined;
let announce: ((index: number, name: string) => void) | undefined;
const byJourney = new Map<string, number[]>();
let named = 0;

/** Turns marking on in a worker thread: `cell` is its Int32 in the pool's shared buffer. */
export function markStepsInto(cell: Int32Array, onNewStep: (index: number, name: string) => void): void {
  slot = cell;
  announce = onNewStep;
}

/**
 * Marks step `index` of `journey` as started (a no-op outside worker threads). `name` is asked
 * once, the first time the step is seen, with `of` (so that callers need no closure per step).
 * @example markStep('Checkout', 1, checkout, (journey, of, index) => `${journey}.${of.steps[index].name}`);
 */
export function markStep<T>(
  journey: string,
  index: number,
  of: T,
  name: (journey: string, of: T, index: number) => string,
): void {
  if (slot === undefined) return;
  let steps = byJourney.get(journey);
  if (steps === undefined) {
    steps = [];
    byJourney.set(journey, steps);
  }
  let id = steps[index];
  if (id === undefined) {
    id = ++named;
    steps[index] = id;
    announce?.(id, name(journey, of, index));
  }
  Atomics.store(slot, 0, id);
}
