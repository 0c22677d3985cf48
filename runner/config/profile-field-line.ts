/**
 * The line of a top-level field in a profile's text (`users_module: …` → 7), for problems
 * found after the profile parsed (a missing users module, too many threads).
 * @example fieldLine('name: a\nthreads: 9\n', 'threads') // 2
 */
export function fieldLine(text: string, field: string): number | undefined {
  const index = text.split(/\r?\n/).findIndex((line) => line.startsWith(`${field}:`));
  return index < 0 ? undefined : index + 1;
}
