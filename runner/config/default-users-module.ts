/**
 * Where user classes are looked for when neither `-f` nor a profile's `users_module`
 * names them: `users/`, as in this repository, or else `load/`, where `journeys init`
 * puts a project's first load test (`load/users.ts`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** @example defaultUsersModule('/project') // 'load' when /project has load/ and no users/ */
export function defaultUsersModule(cwd = process.cwd()): string {
  return !existsSync(join(cwd, 'users')) && existsSync(join(cwd, 'load')) ? 'load' : 'users';
}
