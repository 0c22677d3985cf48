import { readFileSync } from 'node:fs';

/** The runner's version, from the project's package.json. */
export function runnerVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
