import { RunnerError } from '../errors.ts';

/** What one thread must change: users to start (ids by class) and users to stop (ids). */
export interface ThreadChange {
  add: Record<string, number[]>;
  remove: number[];
}

/** The error for a class name the user modules do not define. */
export function unknownUserClass(name: string, known: readonly string[]): RunnerError {
  return new RunnerError(`unknown user class ${name}`, {
    code: 'USER_CLASS_UNKNOWN',
    hint: `known: ${known.join(', ') || 'none'}`,
  });
}

interface Placed {
  id: number;
  thread: number;
}

/**
 * Which thread runs which user. New users get fresh ids (unique in the run) and go to the
 * thread with the fewest users of their class (then the fewest users, then the lowest
 * index), so every class is spread evenly and the same targets always give the same
 * placement; users are stopped newest first, as Locust does.
 *
 * @example
 * const placement = new UserPlacement(['A'], 2, 0);
 * placement.moveTo({ A: 3 }); // [{ add: { A: [0, 2] }, remove: [] }, { add: { A: [1] }, remove: [] }]
 */
export class UserPlacement {
  readonly #placed = new Map<string, Placed[]>();
  readonly #byClass = new Map<string, number[]>();
  readonly #perThread: number[];
  readonly #dead = new Set<number>();
  #nextId: number;
  readonly #idStep: number;

  /** @param idStep ids go firstId, firstId+idStep…: a shard's ids interleave with the other shards'. */
  constructor(classNames: readonly string[], threads: number, firstId: number, idStep = 1) {
    for (const name of classNames) {
      this.#placed.set(name, []);
      this.#byClass.set(name, new Array(threads).fill(0));
    }
    this.#perThread = new Array(threads).fill(0);
    this.#nextId = firstId;
    this.#idStep = idStep;
  }

  /** Users placed on live threads. */
  total(): number {
    let sum = 0;
    for (const count of this.#perThread) sum += count;
    return sum;
  }

  /** The changes per thread to reach `target` users per class (classes left out go to 0). */
  moveTo(target: Readonly<Record<string, number>>): ThreadChange[] {
    for (const [name, count] of Object.entries(target)) {
      if (!this.#placed.has(name)) {
        throw unknownUserClass(name, [...this.#placed.keys()]);
      }
      if (!(Number.isInteger(count) && count >= 0)) {
        throw new RunnerError(`user count for ${name} must be a whole number >= 0, not ${count}`, {
          code: 'USER_COUNT_INVALID',
        });
      }
    }
    const changes: ThreadChange[] = this.#perThread.map(() => ({ add: {}, remove: [] }));
    for (const [name, placed] of this.#placed) {
      const want = target[name] ?? 0;
      const counts = this.#byClass.get(name)!;
      while (placed.length > want) {
        const { id, thread } = placed.pop()!;
        counts[thread]--;
        this.#perThread[thread]--;
        changes[thread].remove.push(id);
      }
      while (placed.length < want) {
        const thread = this.#pickThread(counts);
        const id = this.#nextId;
        this.#nextId += this.#idStep;
        placed.push({ id, thread });
        counts[thread]++;
        this.#perThread[thread]++;
        const ids = changes[thread].add[name];
        if (ids === undefined) changes[thread].add[name] = [id];
        else ids.push(id);
      }
    }
    return changes;
  }

  /** Forgets the users of a thread that died; the next `moveTo` places replacements on live threads. */
  dropThread(thread: number): void {
    this.#dead.add(thread);
    for (const [name, placed] of this.#placed) {
      this.#placed.set(
        name,
        placed.filter((user) => user.thread !== thread),
      );
      this.#byClass.get(name)![thread] = 0;
    }
    this.#perThread[thread] = 0;
  }

  #pickThread(counts: readonly number[]): number {
    let best = -1;
    for (let thread = 0; thread < counts.length; thread++) {
      if (this.#dead.has(thread)) continue;
      if (
        best < 0 ||
        counts[thread] < counts[best] ||
        (counts[thread] === counts[best] && this.#perThread[thread] < this.#perThread[best])
      ) {
        best = thread;
      }
    }
    if (best < 0)
      throw new RunnerError('every worker thread has crashed', { code: 'WORKERS_CRASHED', exitCode: 1 });
    return best;
  }
}
