/** A plain HTML table: header cells, body rows, an optional footer row (the Aggregated line). */
import { escapeHtml } from './html-escape.ts';

/** A cell: text (escaped) or `{ html }` already built; numbers are right-aligned. */
export type Cell = string | number | { html: string; className?: string };

export interface TableSpec {
  id: string;
  caption?: string;
  headers: readonly string[];
  rows: readonly (readonly Cell[])[];
  footer?: readonly Cell[];
  /** Shown instead of an empty table. */
  empty: string;
}

/**
 * @example table({ id: 'failures', headers: ['Name', 'Occurrences'], rows: [['GET /x', 3]], empty: 'No failures.' })
 */
export function table(spec: TableSpec): string {
  if (spec.rows.length === 0 && spec.footer === undefined) {
    return `<p class="empty" id="${spec.id}">${escapeHtml(spec.empty)}</p>`;
  }
  // Numeric columns get right-aligned headers, like their cells.
  const sample = spec.rows[0] ?? spec.footer ?? [];
  const head = spec.headers
    .map((h, i) => `<th scope="col"${isNumeric(sample[i]) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`)
    .join('');
  const body = spec.rows.map((row) => `<tr>${row.map(cell).join('')}</tr>`).join('\n');
  const foot = spec.footer ? `<tfoot><tr>${spec.footer.map(cell).join('')}</tr></tfoot>` : '';
  const caption = spec.caption ? `<caption>${escapeHtml(spec.caption)}</caption>` : '';
  return (
    `<div class="table-wrap"><table id="${spec.id}">${caption}<thead><tr>${head}</tr></thead>` +
    `<tbody>\n${body}\n</tbody>${foot}</table></div>`
  );
}

function isNumeric(value: Cell | undefined): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'object' && (value.className ?? '').split(' ').includes('num');
}

function cell(value: Cell): string {
  if (typeof value === 'number') return `<td class="num">${escapeHtml(value)}</td>`;
  if (typeof value === 'string') return `<td>${escapeHtml(value)}</td>`;
  return `<td${value.className ? ` class="${value.className}"` : ''}>${value.html}</td>`;
}

/** Milliseconds with at most 2 decimals (as the CSV files), `-` when nothing was measured. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return String(Math.round(value * 100) / 100);
}

/** A right-aligned number cell that may be text (`-`). */
export function num(text: string | number): Cell {
  return { html: escapeHtml(text), className: 'num' };
}

/** A ratio 0–1 as a percentage with 2 decimals. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(2)}%`;
}
