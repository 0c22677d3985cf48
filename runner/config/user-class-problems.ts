/**
 * A profile's `user_classes` checked against the classes its users module exports, so
 * `validate` catches a mistyped class and `run` names every one at once — one line each,
 * `file:line: user_classes.<name>: …`, like every other profile problem.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { closestName } from '../closest-name.ts';
import { lineOf } from './yaml-locations.ts';

/**
 * @example
 * await userClassProblems('profiles/mix.yaml', ['NoSuch'], ['IdentityUser'], 'users')
 * // ['profiles/mix.yaml:4: user_classes.NoSuch: unknown user class "NoSuch" in users (`journeys list` shows the classes)']
 */
export async function userClassProblems(
  file: string,
  classNames: readonly string[],
  available: readonly string[],
  modules: string,
): Promise<string[]> {
  const unknown = classNames.filter((name) => !available.includes(name));
  if (unknown.length === 0) return [];
  const lineCounter = new LineCounter();
  const document = parseDocument(await readFile(file, 'utf8'), { lineCounter });
  return unknown.map((name) => {
    const line = lineOf(document, lineCounter, ['user_classes', name], true);
    const guess = closestName(name, available);
    const hint = guess ? `did you mean "${guess}"?` : '`journeys list` shows the classes';
    return `${file}:${line}: user_classes.${name}: unknown user class "${name}" in ${modules} (${hint})`;
  });
}
