import { TimeStats } from './entries.ts';
import type { ArrivalRow, ArrivalSnapshot } from './types.ts';

/**
 * The open model's arrivals over the whole run, on the main thread: how many were due
 * (`scheduled` = started + dropped), started and dropped, in total and per second of intended
 * start, the user instances created, and the start lag (intended → actual start) of the
 * started ones as an HDR histogram.
 */
export class ArrivalStats extends TimeStats {
  started = 0;
  dropped = 0;
  usersCreated = 0;
  readonly #rows = new Map<number, ArrivalRow>();

  add(
    counts: Omit<ArrivalSnapshot, 'histogram' | 'perSecond'>,
    pairs: number[],
    rows: Iterable<ArrivalRow>,
  ): void {
    this.started += counts.started;
    this.dropped += counts.dropped;
    this.usersCreated += counts.usersCreated;
    this.addTimes(pairs, counts.started, counts.sumMicros, counts.minMicros, counts.maxMicros);
    for (const row of rows) {
      const kept = this.#rows.get(row.timestamp);
      if (kept === undefined) this.#rows.set(row.timestamp, { ...row });
      else {
        kept.started += row.started;
        kept.dropped += row.dropped;
      }
    }
  }

  /** Arrivals that were due: started or dropped. */
  get scheduled(): number {
    return this.started + this.dropped;
  }

  /** dropped / scheduled (0 when nothing was due). */
  get droppedRatio(): number {
    return this.scheduled > 0 ? this.dropped / this.scheduled : 0;
  }

  /** One row per second of intended start, oldest first. */
  history(): ArrivalRow[] {
    return [...this.#rows.values()].sort((a, b) => a.timestamp - b.timestamp).map((row) => ({ ...row }));
  }
}

/** `[second, started, dropped, …]` of a snapshot as rows. */
export function arrivalRows(perSecond: readonly number[]): ArrivalRow[] {
  const rows: ArrivalRow[] = [];
  for (let i = 0; i + 2 < perSecond.length; i += 3) {
    rows.push({ timestamp: perSecond[i], started: perSecond[i + 1], dropped: perSecond[i + 2] });
  }
  return rows;
}
