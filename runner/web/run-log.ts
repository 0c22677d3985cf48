/**
 * The web UI's Logs tab: every line the runs of this process print (their start, spawn,
 * progress and warning lines, the summary, the verdict, errors), kept in order, numbered,
 * so each page gets only the lines it has not had — as Locust's Logs tab shows its log.
 */
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';

export type LogLevel = 'info' | 'warning' | 'error';

export interface LogLine {
  /** 1, 2, 3 … in the order printed; a page asks for the lines after the last it has. */
  seq: number;
  /** Epoch ms when printed. */
  at: number;
  level: LogLevel;
  text: string;
}

/** Lines kept: a long run's progress lines stop at this many (the oldest go first). */
export const MOST_LOG_LINES = 1000;

/**
 * @example
 * const log = new RunLog();
 * const out = log.tee(process.stdout, 'info');
 * out.write('users: 5\n');
 * log.since(0); // [{ seq: 1, level: 'info', text: 'users: 5', at }]
 */
export class RunLog {
  #lines: LogLine[] = [];
  #seq = 0;
  readonly #most: number;

  constructor(most = MOST_LOG_LINES) {
    this.#most = most;
  }

  /** The lines after `seq` (all that are kept when the page has none). */
  since(seq: number): LogLine[] {
    const first = this.#lines.findIndex((line) => line.seq > seq);
    return first < 0 ? [] : this.#lines.slice(first);
  }

  /** The number of the last line printed (0 before any). */
  last(): number {
    return this.#seq;
  }

  add(level: LogLevel, text: string, at = Date.now()): void {
    const plain = stripVTControlCharacters(text).trimEnd();
    // "warning: …" lines come through the output stream too: the level says what they are.
    const shown = level === 'info' && /^warning:/i.test(plain) ? 'warning' : level;
    this.#lines.push({ seq: ++this.#seq, at, level: shown, text: plain });
    if (this.#lines.length > this.#most) this.#lines.splice(0, this.#lines.length - this.#most);
  }

  /**
   * A stream that writes to `target` and keeps each whole line here. It says it is no
   * terminal, so a run prints plain progress lines (as into a log file), not a table
   * redrawn in place, which would mean nothing as lines.
   */
  tee(target: NodeJS.WritableStream, level: LogLevel): NodeJS.WritableStream {
    let partial = '';
    const keep = (text: string) => {
      const parts = (partial + text).split(/\r?\n/);
      partial = parts.pop() ?? '';
      for (const part of parts) this.add(level, part);
    };
    return new Writable({
      decodeStrings: false,
      write: (chunk: Buffer | string, _encoding, done) => {
        const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
        keep(text);
        target.write(text);
        done();
      },
      final: (done) => {
        if (partial) this.add(level, partial);
        partial = '';
        done();
      },
    });
  }
}
