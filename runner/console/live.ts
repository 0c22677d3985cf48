/**
 * The live console: in a terminal, a compact table redrawn in place every second; in a
 * log (stdout not a TTY), one plain progress line every few seconds. Warnings and
 * messages print above the table and stay.
 */
import chalk from 'chalk';
import { LOG_LEVELS, type LogLevel } from '../config/log-level.ts';
import { formatClock, formatMs, formatRate } from './format.ts';
import { progressLine } from './progress-line.ts';
import { type Column, renderTable } from './table.ts';
import { type EndpointRow, type LiveView, percentileMs } from './view.ts';

export interface LiveConsoleOptions {
  /** Default: whether the stream is a terminal. */
  tty?: boolean;
  /** Seconds between plain progress lines when not a terminal. Default 5. */
  progressEverySeconds?: number;
  /** Endpoints shown in the live table. Default 10. */
  topEndpoints?: number;
  /** Locust's `--only-summary`: no live table or progress lines, only the final summary. */
  onlySummary?: boolean;
  /** Locust's `--loglevel`: `warning` hides messages, `error` warnings too. Default `info`. */
  logLevel?: LogLevel;
}

export { LOG_LEVELS, type LogLevel };

type Output = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const COLUMNS: Column[] = [
  { header: 'Name', maxWidth: 48 },
  { header: 'reqs', align: 'right', group: true },
  { header: 'fails', align: 'right' },
  { header: 'rps', align: 'right' },
  { header: 'p50', align: 'right', group: true },
  { header: 'p95', align: 'right' },
  { header: 'p99', align: 'right' },
];

/**
 * @example
 * const live = new LiveConsole(process.stdout);
 * if (live.wouldShow(seconds)) live.update(view); // every second
 * live.warn('runner CPU above 90%');
 * live.close();                 // before the final summary
 */
export class LiveConsole {
  readonly #out: Output;
  readonly #tty: boolean;
  readonly #progressEvery: number;
  readonly #top: number;
  readonly #onlySummary: boolean;
  readonly #level: number;
  #drawnLines = 0;
  #lastProgressAt = 0;
  #lastView?: LiveView;

  constructor(out: Output = process.stdout, options: LiveConsoleOptions = {}) {
    this.#out = out;
    this.#tty = options.tty ?? out.isTTY === true;
    this.#progressEvery = options.progressEverySeconds ?? 5;
    this.#top = options.topEndpoints ?? 10;
    this.#onlySummary = options.onlySummary ?? false;
    this.#level = LOG_LEVELS.indexOf(options.logLevel ?? 'info');
  }

  /**
   * Whether `update` at this second would show anything (a terminal, or a progress line due):
   * a view nobody reads need not be built.
   */
  wouldShow(elapsedSeconds: number): boolean {
    if (this.#onlySummary) return false;
    return this.#tty || elapsedSeconds - this.#lastProgressAt >= this.#progressEvery;
  }

  update(view: LiveView): void {
    if (!this.wouldShow(view.elapsedSeconds)) return;
    this.#lastView = view;
    if (this.#tty) {
      this.#redraw(this.#table(view));
    } else {
      this.#lastProgressAt = view.elapsedSeconds;
      this.#out.write(`${progressLine(view)}\n`);
    }
  }

  /** A line that stays (printed above the live table). */
  message(text: string): void {
    if (this.#level <= LOG_LEVELS.indexOf('info')) this.#above(text);
  }

  warn(text: string): void {
    if (this.#level > LOG_LEVELS.indexOf('warning')) return;
    this.#above(this.#tty ? chalk.yellow(`warning: ${text}`) : `warning: ${text}`);
  }

  /** Removes the live table, so the final summary takes its place. */
  close(): void {
    if (this.#tty) this.#redraw([]);
  }

  #above(text: string): void {
    if (!this.#tty) {
      this.#out.write(`${text}\n`);
      return;
    }
    this.#redraw([]);
    this.#out.write(`${text}\n`);
    if (this.#lastView) this.#redraw(this.#table(this.#lastView));
  }

  #redraw(lines: string[]): void {
    // Up to the first line of the last drawing, clear to the end of the screen, draw again.
    const up = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}F` : '';
    this.#out.write(`${up}\x1b[J${lines.map((line) => `${line}\n`).join('')}`);
    this.#drawnLines = lines.length;
  }

  #table(view: LiveView): string[] {
    const total = view.durationSeconds === undefined ? '' : ` / ${formatClock(view.durationSeconds)}`;
    const title =
      `${chalk.bold('journeys')} ${formatClock(view.elapsedSeconds)}${total}` +
      ` · users ${view.users}/${view.targetUsers}` +
      (view.arrivalRate === undefined ? '' : ` · ${formatRate(view.arrivalRate)}/s arriving`) +
      ` · ${formatRate(view.totals.rps)} rps`;
    const top = [...view.endpoints].sort((a, b) => b.requests - a.requests).slice(0, this.#top);
    const hidden = view.endpoints.length - top.length;
    const rows = [...top.map(row), null, row({ ...view.totals, method: '', name: 'Aggregated' })];
    const width = this.#out.columns || 120;
    // Colour whole lines after layout: escape codes inside cells would upset the padding.
    const failing = rows.map((cells) => cells !== null && cells[2] !== '0');
    const table = renderTable(COLUMNS, rows).map((line, index) => {
      const cut = line.slice(0, width);
      if (index === 0) return chalk.bold(cut);
      return failing[index - 2] ? chalk.red(cut) : cut;
    });
    const more = hidden > 0 ? [chalk.dim(`… and ${hidden} more endpoint(s)`)] : [];
    return [title, ...table, ...more];
  }
}

function row(endpoint: EndpointRow): string[] {
  return [
    `${endpoint.method} ${endpoint.name}`.trim(),
    String(endpoint.requests),
    String(endpoint.failures),
    formatRate(endpoint.rps),
    formatMs(percentileMs(endpoint, 50)),
    formatMs(percentileMs(endpoint, 95)),
    formatMs(percentileMs(endpoint, 99)),
  ];
}
