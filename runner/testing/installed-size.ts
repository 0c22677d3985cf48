/**
 * The bytes an installed package brings: its own files and those of every package its
 * `dependencies` pull in, found as Node finds them (nested `node_modules/` first, then each
 * parent's). What a consumer's install costs for it, without the project's other packages.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where `name` resolves from a package installed at `from`, or undefined. */
async function findPackage(name: string, from: string): Promise<string | undefined> {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (await stat(join(candidate, 'package.json')).catch(() => undefined)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** @example await installedSize('/project/node_modules/journeys-runner') // { bytes: 26_000_000, packages: 28 } */
export async function installedSize(packageDir: string): Promise<{ bytes: number; packages: number }> {
  const seen = new Set<string>();
  const pending = [packageDir];
  let bytes = 0;
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    // Nested node_modules are walked as packages of their own.
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (
        entry.isFile() &&
        !join(entry.parentPath, entry.name).slice(dir.length).includes('/node_modules/')
      ) {
        bytes += (await stat(join(entry.parentPath, entry.name))).size;
      }
    }
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const found = await findPackage(name, dir);
      if (found) pending.push(found);
    }
  }
  return { bytes, packages: seen.size };
}
