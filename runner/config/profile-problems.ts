/**
 * What a valid profile can still get wrong about this machine, found by `journeys validate`
 * and before a run alike: a `users_module` that does not exist, more `threads` than the
 * cap. One line each, `file:line: field: …`.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fieldLine } from './profile-field-line.ts';
import type { Profile } from './schema.ts';
import { threadCap, threadsProblem } from './thread-cap.ts';

/** Every such problem of the profile in `file` (as messages name it, relative to the working directory). */
export async function profileProblems(file: string, profile: Profile): Promise<string[]> {
  const problems = await usersModuleProblems(file, profile);
  const tooMany =
    profile.threads === undefined ? undefined : threadsProblem(profile.threads, 'threads', threadCap());
  if (tooMany) problems.push(`${await at(file, 'threads')}: ${tooMany}`);
  return problems;
}

/** The profile's `users_module`, when it names nothing on disk. */
export async function usersModuleProblems(file: string, profile: Profile): Promise<string[]> {
  if (profile.users_module === undefined) return [];
  if (await stat(resolve(profile.users_module)).catch(() => undefined)) return [];
  return [
    `${await at(file, 'users_module')}: users_module: no such file or folder ${JSON.stringify(profile.users_module)} — a path relative to the working directory, or -f to override it`,
  ];
}

async function at(file: string, field: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return `${file}:${fieldLine(text, field) ?? 1}`;
}
