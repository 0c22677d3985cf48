import { PERCENTILES } from './types.ts';

/** A CSV field: text, a number already rounded, or nothing. */
export type Field = string | number | null | undefined;

/** Locust's percentile headers: `50%` … `99.9%`, `99.99%`, `100%`. */
export const PERCENTILE_HEADERS: readonly string[] = PERCENTILES.map((p) => `${p}%`);

/**
 * One CSV line the way Python's `csv.writer` (which Locust uses) writes it: a field is quoted
 * only when it holds a comma, a quote or a line break, quotes are doubled, lines end in CRLF.
 */
export function csvLine(fields: readonly Field[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function csvField(field: Field): string {
  const text = field === null || field === undefined ? '' : String(field);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: header line, then the rows. */
export function csvFile(header: readonly string[], rows: readonly (readonly Field[])[]): string {
  return csvLine(header) + rows.map(csvLine).join('');
}

/** A number with at most `digits` decimals and no trailing zeros: 12.345 → "12.35", 12 → "12". */
export function decimals(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '0';
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** Percentile values in ms with 2 decimals, `N/A` where there is none. */
export function percentileFields(values: readonly (number | null | undefined)[]): string[] {
  return values.map((v) => (v === null || v === undefined ? 'N/A' : decimals(v)));
}

/** Epoch seconds as Locust's failures file writes them: UTC ISO 8601 to the second (`2026-05-03T12:00:05Z`). */
export function utcTimestamp(epochSeconds: number): string {
  return new Date(Math.floor(epochSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
