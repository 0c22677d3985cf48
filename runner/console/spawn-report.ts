/**
 * Which classes got users, as Locust says it once a ramp is done —
 * `All users spawned: {"IdentityUser": 1, "CatalogueUser": 1} (2 total users)` — since the
 * run's header names every selected class even when `-u 4` gives users to only 4 of 12.
 * Also the most users each class had, for summary.json's `run.usersSpawned`.
 */

export class SpawnReport {
  readonly #peak: Record<string, number> = {};
  #announced = '';

  constructor(classNames: readonly string[]) {
    for (const name of classNames) this.#peak[name] = 0;
  }

  /**
   * Notes the users asked of each class; returns the line to print when they reach `target`
   * (once per target reached: a staged run says it at each completed ramp, as Locust).
   * @example report.spawned({ A: 3, B: 1 }, 4) // 'All users spawned: {"A": 3, "B": 1} (4 total users)'
   */
  spawned(counts: Readonly<Record<string, number>>, target: number): string | undefined {
    for (const [name, count] of Object.entries(counts)) {
      this.#peak[name] = Math.max(this.#peak[name] ?? 0, count);
    }
    const key = JSON.stringify(counts);
    if (target === 0 || total(counts) !== target || key === this.#announced) return undefined;
    this.#announced = key;
    return `All users spawned: ${describe(counts)}`;
  }

  /** At the stop: the users running when no ramp ever finished (a run shorter than its ramp), else nothing. */
  stopped(counts: Readonly<Record<string, number>>, target: number): string | undefined {
    if (this.#announced !== '' || total(counts) === 0) return undefined;
    return `Users spawned at the stop: ${describe(counts)}; the ramp to ${target} did not finish`;
  }

  /** Most users each class had at once (0 for a class that got none). */
  peak(): Record<string, number> {
    return { ...this.#peak };
  }
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** `{"A": 3, "B": 1} (4 total users; 2 of 4 classes got none)`: Locust's JSON, classes with users only. */
function describe(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  const running = entries.filter(([, count]) => count > 0);
  const json = `{${running.map(([name, count]) => `${JSON.stringify(name)}: ${count}`).join(', ')}}`;
  const idle = entries.length - running.length;
  const none = idle > 0 ? `; ${idle} of ${entries.length} classes got none` : '';
  return `${json} (${total(counts)} total users${none})`;
}
