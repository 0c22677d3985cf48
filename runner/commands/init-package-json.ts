/**
 * The package.json fields a load-test project needs: `"type": "module"` (load tests are ES
 * modules) and the runner, TypeScript and Node's types as devDependencies. Fields already
 * there are kept; a dependency already declared anywhere is left as it is.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Manifest {
  name?: string;
  version: string;
  type?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** The runner's own manifest: its version, and the TypeScript and Node types it is built with. */
function ownManifest(): Manifest {
  return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;
}

/** What a load-test project depends on, as ranges: the runner's version and its own TypeScript and Node types. */
export function projectDevDependencies(): Record<string, string> {
  const own = ownManifest();
  return {
    'journeys-runner': `^${own.version}`,
    typescript: own.devDependencies?.typescript ?? 'latest',
    '@types/node': own.devDependencies?.['@types/node'] ?? 'latest',
  };
}

/**
 * The project's package.json with what is missing added, and one line per change; `text` is
 * undefined for a folder without one.
 * @example completePackageJson(undefined, './shop-load') // a new package.json, type module, 3 devDependencies
 */
export function completePackageJson(
  text: string | undefined,
  folder: string,
): { json: string; changes: string[] } {
  const manifest: Manifest =
    text === undefined ? { name: basename(folder), version: '1.0.0', private: true } : JSON.parse(text);
  const changes: string[] = [];
  if (manifest.type !== 'module') {
    changes.push(manifest.type === undefined ? 'type: module' : `type: ${manifest.type} → module`);
    manifest.type = 'module';
  }
  const declared = { ...manifest.dependencies, ...manifest.devDependencies };
  const added = Object.entries(projectDevDependencies()).filter(([name]) => declared[name] === undefined);
  if (added.length > 0) {
    manifest.devDependencies = { ...manifest.devDependencies, ...Object.fromEntries(added) };
    changes.push(`devDependencies ${added.map(([name, range]) => `${name}@${range}`).join(' ')}`);
  }
  return { json: `${JSON.stringify(manifest, null, 2)}\n`, changes };
}
