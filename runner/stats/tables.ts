import type { ExceptionRecord, FailureRecord } from './types.ts';

/**
 * Distinct failures (or exceptions) kept per table. Error texts that carry ids would otherwise
 * grow the table without bound over a long run; past the cap, occurrences are still counted,
 * in one more row per endpoint (one for all exceptions) that says so.
 */
export const MAX_DISTINCT_ERRORS = 500;
export const FOLDED_ERROR = `(more than ${MAX_DISTINCT_ERRORS} distinct errors: the rest are counted here)`;
const MAX_NODES = 20;

function failureKey(method: string, name: string, error: string): string {
  return `${method}\u0000${name}\u0000${error}`;
}

/** Adds one failure record (of any number of occurrences) into a table keyed by (method, name, error). */
export function addFailure(table: Map<string, FailureRecord>, record: FailureRecord): void {
  let key = failureKey(record.method, record.name, record.error);
  let existing = table.get(key);
  if (existing === undefined && table.size >= MAX_DISTINCT_ERRORS) {
    key = failureKey(record.method, record.name, FOLDED_ERROR);
    existing = table.get(key);
    record = { ...record, error: FOLDED_ERROR };
  }
  if (existing === undefined) {
    table.set(key, { ...record });
    return;
  }
  existing.occurrences += record.occurrences;
  if (record.firstSeen < existing.firstSeen) existing.firstSeen = record.firstSeen;
  if (record.lastSeen > existing.lastSeen) existing.lastSeen = record.lastSeen;
}

/** Adds one exception record into a table keyed by (message, traceback), as Locust groups them. */
export function addException(table: Map<string, ExceptionRecord>, record: ExceptionRecord): void {
  let key = `${record.message}\u0000${record.traceback}`;
  let existing = table.get(key);
  if (existing === undefined && table.size >= MAX_DISTINCT_ERRORS) {
    key = FOLDED_ERROR;
    existing = table.get(key);
    record = { ...record, message: FOLDED_ERROR, traceback: '' };
  }
  if (existing === undefined) {
    table.set(key, { ...record, nodes: record.nodes.slice(0, MAX_NODES) });
    return;
  }
  existing.count += record.count;
  for (const node of record.nodes) {
    if (existing.nodes.length >= MAX_NODES) break;
    if (!existing.nodes.includes(node)) existing.nodes.push(node);
  }
}

/** Failures in a stable order: by name, method, then error text. */
export function sortedFailures(table: Map<string, FailureRecord>): FailureRecord[] {
  return [...table.values()].sort(
    (a, b) => compare(a.name, b.name) || compare(a.method, b.method) || compare(a.error, b.error),
  );
}

/** Exceptions, most frequent first (then by message, for a stable order). */
export function sortedExceptions(table: Map<string, ExceptionRecord>): ExceptionRecord[] {
  return [...table.values()].sort((a, b) => b.count - a.count || compare(a.message, b.message));
}

/** Plain code-unit order, like Python's sort of str (Locust sorts its rows that way). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
