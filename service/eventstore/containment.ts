/**
 * JavaScript twin of jsonb's `@>` for the memory backend: objects contain their filter's
 * keys recursively, arrays contain every element of the filter's array, scalars are equal.
 */
export function jsonContains(value: unknown, filter: unknown): boolean {
  if (Array.isArray(filter)) {
    if (!Array.isArray(value)) return false;
    return filter.every((wanted) => value.some((item) => jsonContains(item, wanted)));
  }
  if (filter !== null && typeof filter === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.entries(filter).every(
      ([key, wanted]) => key in record && jsonContains(record[key], wanted),
    );
  }
  return value === filter;
}
