/**
 * `journeys validate [paths…]`: checks profiles (YAML files or folders of them) and user
 * modules (`.ts` files or folders) without running anything, and each profile's
 * `user_classes` against the classes its users module exports (its `users_module`, else the
 * modules given, else `users/`). Every problem is one line.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { defaultUsersModule } from '../config/default-users-module.ts';
import { defaultProfilesDir, loadProfile, profilePath } from '../config/load.ts';
import { profileProblems } from '../config/profile-problems.ts';
import type { Profile } from '../config/schema.ts';
import { userClassProblems } from '../config/user-class-problems.ts';
import { discoverUserClasses } from '../discovery/discover.ts';
import { moduleFiles } from '../discovery/module-files.ts';
import { RunnerError } from '../errors.ts';

export interface ValidationReport {
  problems: string[];
  profiles: number;
  userClasses: number;
}

/**
 * @example const { problems } = await validatePaths(['profiles/', 'users/']);
 */
export async function validatePaths(paths: readonly string[]): Promise<ValidationReport> {
  const targets = paths.length > 0 ? paths : [defaultProfilesDir, defaultUsersModule()];
  const report: ValidationReport = { problems: [], profiles: 0, userClasses: 0 };
  const modulePaths: string[] = [];
  const withClasses: { file: string; profile: Profile }[] = [];
  const checkProfile = async (file: string) => {
    report.profiles++;
    const profile = await collect(report, () => loadProfile(file));
    if (profile) report.problems.push(...(await profileProblems(profilePath(file), profile)));
    if (profile?.user_classes) withClasses.push({ file: profilePath(file), profile });
  };
  // In the order given, so the lines follow the command line; modules are discovered together (duplicates across files).
  for (const path of targets) {
    const kind = await kindOf(path);
    if (kind === 'missing') report.problems.push(`${path}: no such file or folder`);
    else if (kind === 'profile') await checkProfile(path);
    else if (kind === 'module') modulePaths.push(path);
    else if (kind === 'other')
      report.problems.push(`${path}: neither a profile (.yaml) nor a user module (.ts)`);
    else {
      const entries = (await readdir(path)).sort();
      const profiles = entries.filter(isProfile);
      for (const entry of profiles) await checkProfile(join(path, entry));
      if ((await moduleFiles([path])).files.length > 0) modulePaths.push(path);
      else if (profiles.length === 0) report.problems.push(`${path}: holds no profiles or user modules`);
    }
  }
  if (modulePaths.length > 0) {
    await collect(report, async () => {
      report.userClasses += (await discoverUserClasses(modulePaths)).users.length;
    });
  }
  for (const { file, profile } of withClasses) {
    const modules = profile.users_module
      ? [profile.users_module]
      : modulePaths.length > 0
        ? modulePaths
        : [defaultUsersModule()];
    await collect(report, async () => {
      const names = (await discoverUserClasses(modules)).users.map((user) => user.name);
      const shares = Object.keys(profile.user_classes ?? {});
      report.problems.push(...(await userClassProblems(file, shares, names, modules.join(', '))));
    });
  }
  // A broken module used by several profiles is one problem, not one per profile.
  report.problems = [...new Set(report.problems)];
  return report;
}

async function collect<T>(report: ValidationReport, check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof RunnerError)) throw error;
    if (error.problems.length > 0) report.problems.push(...error.problems);
    else report.problems.push(`${error.where ? `${error.where}: ` : ''}${error.message}`);
    return undefined;
  }
}

async function kindOf(path: string): Promise<'missing' | 'folder' | 'profile' | 'module' | 'other'> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 'missing';
  if (info.isDirectory()) return 'folder';
  if (isProfile(path)) return 'profile';
  if (path.endsWith('.ts')) return 'module';
  return 'other';
}

function isProfile(name: string): boolean {
  return ['.yaml', '.yml'].includes(extname(name));
}
