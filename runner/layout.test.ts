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

/** The folders of the table under "The runner's folders" in docs/architecture.md, top to bottom. */
async function folderOrder(): Promise<string[]> {
  const doc = await readFile(join(repo, 'docs/architecture.md'), 'utf8');
  const section = doc.slice(doc.indexOf("## The runner's folders"));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| folder')));
  return [...table.matchAll(/^\| `([a-z-]+)\/` /gm)].map((match) => match[1]);
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

  it('every import points down the folder table of docs/architecture.md', async () => {
    const order = await folderOrder();
    const folderOf = (file: string) => (file.split('/').length > 2 ? file.split('/')[1] : undefined);
    const product = (await importsUnder('runner')).filter(({ file }) => !isTestFile(file));
    const folders = new Set(
      product.map(({ file }) => folderOf(file)).filter((folder) => folder !== undefined),
    );
    expect(
      [...folders].filter((folder) => !order.includes(folder)),
      'folders without a row',
    ).toEqual([]);
    const upward = product.filter(({ file, target }) => {
      const from = folderOf(file);
      const to = folderOf(target);
      return from && to && from !== to && order.indexOf(to) < order.indexOf(from);
    });
    const crossings = upward.map(describeImport);
    // Known, to remove: the load models still read the run's settings and errors from config/.
    const known = [
      'runner/load-model/select-classes.ts imports runner/config/run-config.ts',
      'runner/load-model/shard.ts imports runner/config/errors.ts',
      'runner/load-model/shard.ts imports runner/config/run-config.ts',
    ];
    expect(crossings.filter((crossing) => !known.includes(crossing))).toEqual([]);
    // A known crossing that is gone leaves this list, so the list only shrinks.
    expect(known.filter((crossing) => !crossings.includes(crossing))).toEqual([]);
  });

  it.each(['runner', 'service'])('%s/ product code never imports test support', async (folder) => {
    const support = (await importsUnder(folder)).filter(
      ({ file, target }) => !isTestFile(file) && target.includes('/testing/'),
    );
    expect(support.map(describeImport)).toEqual([]);
  });

  it('stats/ computes and renders; the files are read and written in report/ (no node:fs in stats/)', async () => {
    const files = (await readdir(join(repo, 'runner/stats'), { recursive: true })).map(String);
    const touching: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.ts') && !isTestFile(`runner/stats/${name}`))) {
      if (/from 'node:fs/.test(await readFile(join(repo, 'runner/stats', file), 'utf8'))) touching.push(file);
    }
    expect(touching).toEqual([]);
  });

  it('service/ keeps test support in service/testing/ (what imports vitest is a test or support)', async () => {
    const files = (await readdir(join(repo, 'service'), { recursive: true })).map(String);
    const misplaced: string[] = [];
    for (const file of files.filter((name) => name.endsWith('.ts') && !isTestFile(`service/${name}`))) {
      if ((await readFile(join(repo, 'service', file), 'utf8')).includes("from 'vitest'"))
        misplaced.push(file);
    }
    expect(misplaced).toEqual([]);
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

  it("the bin's Node check is the package's engines", async () => {
    const manifest = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));
    const bin = await readFile(join(repo, 'runner', 'bin.js'), 'utf8');
    const minimum = bin.match(/const MINIMUM = \{ 22: \[(\d+), (\d+)\], 23: \[(\d+), (\d+)\] \};/);
    expect(minimum).not.toBeNull();
    const [, minor22, patch22, minor23, patch23] = minimum ?? [];
    expect(manifest.engines.node).toBe(`^22.${minor22}.${patch22} || >=23.${minor23}.${patch23}`);
  });
});
