/**
 * A tally by name (interrupted step, race outcome). Names come from user code, so the
 * record has no prototype: a step called `constructor` or `toString` counts like any other.
 */
export function emptyCounts(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}
