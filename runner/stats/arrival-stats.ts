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
  /** Epoch ms of the first and last actual start (0 before any). */
  firstStartAt = 0;
  lastStartAt = 0;
  readonly #rows = new Map<number, ArrivalRow>();

  add(
    counts: Omit<ArrivalSnapshot, 'histogram' | 'perSecond'>,
    pairs: number[],
    rows: Iterable<ArrivalRow>,
  ): void {
    this.started += counts.started;
    this.dropped += counts.dropped;
    this.usersCreated += counts.usersCreated;
    if (counts.started > 0) {
      if (this.firstStartAt === 0 || counts.firstStartAt < this.firstStartAt)
        this.firstStartAt = counts.firstStartAt;
      if (counts.lastStartAt > this.lastStartAt) this.lastStartAt = counts.lastStartAt;
    }
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

  /**
   * Journeys started per second, measured between the first start and the last: the rate the
   * generator achieved (whole-run rates would also divide by the ramp-down and stop time).
   */
  get startedPerSecond(): number {
    const seconds = (this.lastStartAt - this.firstStartAt) / 1000;
    return this.started > 1 && seconds > 0 ? (this.started - 1) / seconds : 0;
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
