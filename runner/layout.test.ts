/**
 * The layout's rules (docs/architecture.md), checked on every import of the repository:
 * lower runner folders never reach up into the command layer, product code never uses
 * test support, and the ShopStream suite knows the runner only by its package name
 * (`journeys-runner`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..');
const SPECIFIER = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

interface Import {
  file: string;
  target: string;
}

async function importsUnder(folder: string): Promise<Import[]> {
  const entries = await readdir(join(repo, folder), { recursive: true });
  const imports: Import[] = [];
  for (const entry of entries.map(String).filter((name) => /\.(ts|js)$/.test(name))) {
    const file = join(folder, entry);
    const source = await readFile(join(repo, file), 'utf8');
    for (const [, specifier] of source.matchAll(SPECIFIER)) {
      imports.push({ file, target: relative(repo, resolve(repo, dirname(file), specifier)) });
    }
  }
  return imports;
}

const isTestFile = (file: string) => file.endsWith('.test.ts') || file.includes('/testing/');
const describeImport = ({ file, target }: Import) => `${file} imports ${target}`;

describe('the runner layout', () => {
  it('lower folders never import from runner/commands/', async () => {
    // The command layer: runner/commands/ and the package's bin, which only starts the CLI.
    const isCommandLayer = (file: string) => file.startsWith('runner/commands/') || file === 'runner/bin.js';
    const upward = (await importsUnder('runner')).filter(
      ({ file, target }) => !isCommandLayer(file) && target.startsWith('runner/commands/'),
    );
    expect(upward.map(describeImport)).toEqual([]);
  });

  it('product code never imports test support', async () => {
    const support = (await importsUnder('runner')).filter(
      ({ file, target }) => !isTestFile(file) && target.startsWith('runner/testing/'),
    );
    expect(support.map(describeImport)).toEqual([]);
  });

  it.each(['journeys', 'users', 'suite', 'generators'])(
    '%s/ imports the runner as `journeys-runner` only',
    async (folder) => {
      const reaching = (await importsUnder(folder)).filter(({ target }) => target.startsWith('runner/'));
      expect(reaching.map(describeImport)).toEqual([]);
    },
  );

  it('the package entry is the public API in runner/api/: its sources here, compiled in the package', async () => {
    const manifest = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('journeys-runner');
    // The source condition first: TypeScript and Node take the first condition that matches.
    expect(Object.entries(manifest.exports['.'])).toEqual([
      ['journeys-source', './runner/api/index.ts'],
      ['types', './dist/api/index.d.ts'],
      ['default', './dist/api/index.js'],
    ]);
    expect(manifest.bin.journeys).toBe('runner/bin.js');
  });
});
