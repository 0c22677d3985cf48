import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A user-module path that could not be used, with the reason. */
export interface MissingPath {
  path: string;
  reason: string;
}

/**
 * The module files named by `paths`: a file stands for itself; a folder for every `.ts`
 * file directly in it that is not a test (`.test.ts`) or a declaration (`.d.ts`), sorted.
 */
export async function moduleFiles(
  paths: readonly string[],
): Promise<{ files: string[]; explicit: Set<string>; missing: MissingPath[] }> {
  const files: string[] = [];
  const explicit = new Set<string>();
  const missing: MissingPath[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(absolute);
    } catch {
      missing.push({ path, reason: 'no such file or folder' });
      continue;
    }
    if (info.isDirectory()) {
      const names = (await readdir(absolute)).filter(isUserModuleName).sort();
      if (names.length === 0) missing.push({ path, reason: 'folder holds no .ts user modules' });
      for (const name of names) files.push(join(absolute, name));
    } else {
      files.push(absolute);
      explicit.add(absolute);
    }
  }
  return { files: [...new Set(files)], explicit, missing };
}

function isUserModuleName(name: string): boolean {
  return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');
}
