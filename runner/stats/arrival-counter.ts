import { createRecordingHistogram, type RecordingHistogram } from './recording-histogram.ts';
import type { ArrivalSnapshot } from './types.ts';

/**
 * One thread's open-model arrivals since its last snapshot: started and dropped counts (in
 * total and by second of intended start) and the start-lag histogram. Part of
 * `StatsRecorder`; a closed-model thread never creates one.
 */
export class ArrivalCounter {
  #started = 0;
  #dropped = 0;
  #usersCreated = 0;
  #sumMicros = 0;
  #minMicros = Number.POSITIVE_INFINITY;
  #maxMicros = 0;
  #firstStartAt = 0;
  #lastStartAt = 0;
  readonly #histogram: RecordingHistogram = createRecordingHistogram();
  /** epoch second → [started, dropped]. */
  #bySecond = new Map<number, [number, number]>();

  started(second: number, lagMs: number): void {
    const now = Date.now();
    if (this.#started === 0) this.#firstStartAt = now;
    this.#lastStartAt = now;
    this.#started++;
    this.#second(second)[0]++;
    const micros = Math.round(lagMs * 1000);
    const lag = Number.isFinite(micros) && micros > 0 ? micros : 0;
    this.#sumMicros += lag;
    if (lag < this.#minMicros) this.#minMicros = lag;
    if (lag > this.#maxMicros) this.#maxMicros = lag;
    this.#histogram.recordValue(lag);
  }

  dropped(second: number): void {
    this.#dropped++;
    this.#second(second)[1]++;
  }

  userCreated(): void {
    this.#usersCreated++;
  }

  /** Whether anything was counted since the last snapshot. */
  get touched(): boolean {
    return this.#started + this.#dropped + this.#usersCreated > 0;
  }

  /** Everything since the last call; resets. */
  take(): ArrivalSnapshot {
    const perSecond: number[] = [];
    for (const [second, [started, dropped]] of this.#bySecond) perSecond.push(second, started, dropped);
    const snapshot: ArrivalSnapshot = {
      started: this.#started,
      dropped: this.#dropped,
      usersCreated: this.#usersCreated,
      perSecond,
      firstStartAt: this.#firstStartAt,
      lastStartAt: this.#lastStartAt,
      sumMicros: this.#sumMicros,
      minMicros: this.#started > 0 ? this.#minMicros : 0,
      maxMicros: this.#maxMicros,
      histogram: this.#histogram.encode(),
    };
    this.#started = 0;
    this.#dropped = 0;
    this.#usersCreated = 0;
    this.#sumMicros = 0;
    this.#minMicros = Number.POSITIVE_INFINITY;
    this.#maxMicros = 0;
    this.#firstStartAt = 0;
    this.#lastStartAt = 0;
    this.#histogram.reset();
    this.#bySecond = new Map();
    return snapshot;
  }

  #second(second: number): [number, number] {
    let counts = this.#bySecond.get(second);
    if (counts === undefined) {
      counts = [0, 0];
      this.#bySecond.set(second, counts);
    }
    return counts;
  }
}
