/**
 * Copies of the JSON values the memory backend stores (event data, metadata, snapshot
 * states), so what a caller keeps or gets back is never the stored object itself.
 * Plain objects, arrays and Dates are walked by hand: for the small values of events this
 * is several times cheaper than `structuredClone`. Anything else (Map, class instances…)
 * is not JSON, so it goes through `structuredClone` as before.
 */

/** A deep copy, frozen as it is built (one walk instead of clone + freeze). */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  if (!isPlainObject(value)) return Object.freeze(structuredClone(value));
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = frozenCopy(value[key]);
  return Object.freeze(copy) as T;
}

/** A deep copy the receiver may change. */
export function mutableCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(mutableCopy) as T;
  if (!isPlainObject(value)) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[key] = mutableCopy(value[key]);
  return copy as T;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
