/** Plain-text tables in Locust's console style: padded columns, `|` between column groups. */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Draw a `|` before this column (starts a new group). */
  group?: boolean;
  /** Widest the column may grow; longer cells are cut with `…`. Default {@link CELL_WIDTH}. */
  maxWidth?: number;
}

/**
 * Widest any cell grows unless its column says otherwise: one long value (a journey's
 * forty outcomes, a failure's message) must not make every line of the table wrap. The
 * files keep the full text.
 */
export const CELL_WIDTH = 80;

/**
 * Lays out rows under a header and a dashed rule; a row of `null` draws another rule.
 * @example renderTable([{ header: 'Name' }, { header: '# reqs', align: 'right' }], [['GET /', '12']]);
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[] | null)[],
): string[] {
  const widths = columns.map((column, index) => {
    const cells = rows.map((row) => (row ? (row[index] ?? '').length : 0));
    const widest = Math.max(column.header.length, ...cells);
    return Math.min(widest, column.maxWidth ?? CELL_WIDTH);
  });
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        let cell = cells[index] ?? '';
        if (cell.length > widths[index]) cell = `${cell.slice(0, widths[index] - 1)}…`;
        const padded = column.align === 'right' ? cell.padStart(widths[index]) : cell.padEnd(widths[index]);
        return (index > 0 ? (column.group ? ' | ' : '  ') : '') + padded;
      })
      .join('')
      .trimEnd();
  const rule = columns
    .map((column, index) => (index > 0 ? (column.group ? '-|-' : '--') : '') + '-'.repeat(widths[index]))
    .join('');
  return [line(columns.map((column) => column.header)), rule, ...rows.map((row) => (row ? line(row) : rule))];
}
