/**
 * The package as an outside project gets it, from an empty folder in the OS temp dir:
 * `npm pack` of this repository (which builds the runner to JavaScript), the tarball
 * installed with TypeScript and Node's types (one install for the whole file), and then
 * what a new user does — type-check, `journeys init`, runs against a real server on
 * 127.0.0.1 whose own counts the CSVs must equal, a SIGTERM to `npx`, an old Node.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csv } from '../testing/cli-harness.ts';
import { installedSize } from '../testing/installed-size.ts';
import { type ItemsServer, startItemsServer } from '../testing/items-server.ts';
import { codeBlocks } from '../testing/markdown-blocks.ts';
import { alive, processTree } from '../testing/process-tree.ts';
import { reportProblems } from '../testing/report-check.ts';

const execFileAsync = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8'));

/**
 * The environment of a shell in the new project: none of the `npm_*` settings that `npm test`
 * hands its children (its `script-shell`, above all), nor Node options of this repository.
 */
function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS'),
  );
  return { ...env, NO_COLOR: '1', ...extra };
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in `cwd`; resolves with its exit code and output whatever the code. */
async function sh(command: string, args: string[], cwd: string, env = consumerEnv()): Promise<Result> {
  return execFileAsync(command, args, { cwd, env, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** `{ name: count }` of a run's `_stats.csv` (the examples' names start with the method), without Aggregated. */
async function requestCounts(prefix: string): Promise<Record<string, number>> {
  const rows = await csv(`${prefix}_stats.csv`);
  return Object.fromEntries(
    rows.filter((r) => r.Name !== 'Aggregated').map((r) => [r.Name, Number(r['Request Count'])]),
  );
}

describe('the npm package, from an empty folder', () => {
  let scratch: string;
  let project: string;
  let oldNode: string;
  let server: ItemsServer;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'journeys-package-'));
    project = join(scratch, 'my-load-tests');
    oldNode = join(scratch, 'old-node');
    server = await startItemsServer();
    const packed = await sh('npm', ['pack', '--silent', '--pack-destination', scratch], repo, process.env);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(scratch, packed.stdout.trim().split('\n').at(-1) ?? '');
    await mkdir(project);
    await mkdir(oldNode);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-load-tests', private: true, type: 'module' }),
    );
    await writeFile(join(oldNode, 'package.json'), JSON.stringify({ name: 'old-node', private: true }));
    // --prefer-offline: the packages are the ones this repository installed, from the npm cache.
    const install = (cwd: string, specs: string[]) =>
      sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...specs], cwd);
    const [own, old] = await Promise.all([
      install(project, [
        tarball,
        `typescript@${manifest.devDependencies.typescript}`,
        `@types/node@${manifest.devDependencies['@types/node']}`,
      ]),
      // A Node the runner cannot serve, brought as a project would bring it.
      install(oldNode, ['node@20']),
    ]);
    expect(own.code, own.stderr).toBe(0);
    expect(old.code, old.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await server?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('ships the compiled runner with types and maps, its assets, and no sources, tests or test support', async () => {
    const installed = join(project, 'node_modules', 'journeys-runner');
    expect((await readdir(installed)).sort()).toEqual(['README.md', 'dist', 'package.json', 'runner']);
    expect(await readdir(join(installed, 'runner'))).toEqual(['bin.js']);
    const files = (await readdir(join(installed, 'dist'), { recursive: true })).map(String);
    const ours = files.filter((file) => !file.startsWith('commands/init-template/'));
    expect(ours.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /\.test\./.test(file) || file.split('/').includes('testing'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'api/index.js',
        'api/index.d.ts',
        'api/index.js.map',
        'threads/worker.js',
        'web/web.client.js',
        'web/web-tables.client.js',
        'web/web-pipeline.client.js',
        'web/web.css',
        'report/report.css',
        'report/charts.client.js',
        'stats/summary.schema.json',
        'commands/init-template/load/users.ts',
      ]),
    );
    const shipped = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(shipped.dependencies.node).toBeUndefined();
    expect(shipped.private).toBeUndefined();
  });

  it('brings at most 40 MB into node_modules, with no Node binary', async () => {
    const { bytes, packages } = await installedSize(join(project, 'node_modules', 'journeys-runner'));
    console.log(`journeys-runner and its dependencies: ${packages} packages, ${(bytes / 1e6).toFixed(1)} MB`);
    expect(bytes).toBeLessThanOrEqual(40e6);
    expect(await readdir(join(project, 'node_modules')).then((names) => names.includes('node'))).toBe(false);
  });

  it('type-checks with 0 errors in a `tsc --init` project a load test using every export of the README table', async () => {
    const dir = join(project, 'typecheck');
    await mkdir(dir);
    const init = await sh('npx', ['tsc', '--init'], dir);
    expect(init.code, init.stdout).toBe(0);
    // TypeScript's default `types: []` leaves Node's out; the README's API has them.
    const config = (await readFile(join(dir, 'tsconfig.json'), 'utf8')).replace(
      '"types": []',
      '"types": ["node"]',
    );
    await writeFile(join(dir, 'tsconfig.json'), config);
    const source = await readFile(join(repo, 'runner/testing/consumer/every-export.ts'), 'utf8');
    const imported = source.slice(source.indexOf('import {'), source.indexOf("} from 'journeys-runner'"));
    const table = await readmeApiTable();
    expect(table.length).toBeGreaterThan(15);
    expect(table.filter((name) => !new RegExp(`\\b${name},`).test(imported))).toEqual([]);
    await writeFile(join(dir, 'every-export.ts'), source);
    const checked = await sh('npx', ['tsc', '--noEmit', '-p', dir], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  });

  it('every TypeScript block of README.md and docs/ compiles against the package, or quotes a file of this repository', async () => {
    const docs = (await readdir(join(repo, 'docs'))).filter((name) => name.endsWith('.md'));
    const blocks = (
      await Promise.all(
        ['README.md', ...docs.map((name) => `docs/${name}`)].map((file) =>
          codeBlocks(join(repo, file), 'ts'),
        ),
      )
    ).flat();
    expect(blocks.length).toBeGreaterThan(0);
    const dir = join(project, 'docs-blocks');
    await mkdir(dir);
    const standalone: string[] = [];
    const unchecked: string[] = [];
    for (const block of blocks) {
      const where = `${block.file.slice(repo.length + 1)}:${block.line}`;
      const imports = [...block.code.matchAll(/from '([^']+)'/g)].map(([, specifier]) => specifier);
      if (
        imports.length > 0 &&
        imports.every((specifier) => specifier === 'journeys-runner' || specifier.startsWith('node:'))
      ) {
        const file = `${where.replace(/[^\w]+/g, '-')}.ts`;
        await writeFile(join(dir, file), block.code);
        standalone.push(file);
      } else if (!(await quotedInRepository(block.code))) {
        // A block that imports this repository's files must be a verbatim excerpt of one,
        // which the repository's own type-check compiles.
        unchecked.push(where);
      }
    }
    expect(unchecked).toEqual([]);
    expect(standalone.length).toBeGreaterThan(0);
    await writeFile(join(dir, 'tsconfig.json'), await readFile(join(project, 'typecheck', 'tsconfig.json')));
    const checked = await sh('npx', ['tsc', '--noEmit', '-p', dir], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
  });

  it("runs the README's own load test against a small shop: the CSV counts are the server's", async () => {
    const blocks = await codeBlocks(join(repo, 'README.md'), 'ts');
    const example = blocks.find((block) => block.code.startsWith('// load/users.ts'));
    if (!example) throw new Error('README.md has no ```ts block starting with // load/users.ts');
    await mkdir(join(project, 'readme'));
    await writeFile(join(project, 'readme', 'users.ts'), example.code);
    server.served.clear();
    const result = await sh(
      'npx',
      [
        'journeys',
        'run',
        '-f',
        './readme/users.ts',
        '-H',
        server.url,
        '-u',
        '10',
        '-r',
        '10',
        '-i',
        '20',
        '--csv',
        'out/readme',
      ],
      project,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/exit 0/);
    const counts = await requestCounts(join(project, 'out', 'readme'));
    expect(counts).toEqual(Object.fromEntries(server.served));
    expect(counts['GET /items']).toBe(20);
    expect(counts['POST /items/{id}/buy']).toBe(20);
  }, 180_000);

  it('journeys init writes a project that type-checks, and its run counts what the server served', async () => {
    const init = await sh('npx', ['journeys', 'init'], project);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^wrote load\/users\.ts$/m);
    expect(init.stdout).toMatch(/^skipped package\.json/m);
    const checked = await sh('npx', ['tsc', '--noEmit'], project);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    server.served.clear();
    // The README's command; a stop timeout lets the journeys in flight at 10 s finish, so
    // every request the server answered is counted.
    const result = await sh(
      'npx',
      [
        'journeys',
        'run',
        '-H',
        server.url,
        '-u',
        '2',
        '-t',
        '10s',
        '--stop-timeout',
        '10s',
        '--csv',
        'out/init',
      ],
      project,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/exit 0/);
    expect(await reportProblems(join(project, 'out', 'init'))).toEqual([]);
    const counts = await requestCounts(join(project, 'out', 'init'));
    expect(counts['GET /']).toBeGreaterThan(0);
    expect(counts).toEqual(Object.fromEntries(server.served));
  }, 180_000);

  // The project's .npmrc from `journeys init` (script-shell=bash) is what lets the signal through.
  it('a SIGTERM to `npx journeys run` exits 143 after every report is written', async () => {
    const prefix = join(project, 'out', 'sigterm');
    const child = spawn(
      'npx',
      ['journeys', 'run', '-H', server.url, '-u', '2', '-t', '60s', '--csv', prefix],
      {
        cwd: project,
        env: consumerEnv(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exit = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const pid = child.pid ?? 0;
    try {
      const deadline = Date.now() + 90_000;
      while (!stdout.includes('journeys run:') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(stdout).toContain('journeys run:');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(processTree(pid).length).toBeGreaterThanOrEqual(2);
      process.kill(pid, 'SIGTERM');
      expect(await exit).toBe(143);
    } finally {
      if (alive(pid)) process.kill(-pid, 'SIGKILL');
    }
    expect(stderr).toBe('');
    expect(stdout).toContain('exit 143: stopped by SIGTERM');
    expect(await reportProblems(prefix)).toEqual([]);
  }, 150_000);

  it('refuses an unsupported Node in one line with the fix, exit 2, no stack trace', async () => {
    const bin = join(oldNode, 'node_modules', '.bin');
    const version = await sh(join(bin, 'node'), ['--version'], project);
    expect(version.stdout).toMatch(/^v20\./);
    const result = await sh('npx', ['journeys', 'run', '-H', server.url, '-t', '1s'], project, {
      ...consumerEnv(),
      PATH: `${bin}${delimiter}${process.env.PATH}`,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `journeys needs Node 22.18 or later, this is ${version.stdout.trim()}: install Node 24 LTS (e.g. nvm install 24), or add it to this project with npm install -D node@24\n`,
    );
  }, 120_000);
});

/**
 * The names in the README's API table: the backticked names of its first column, and of the
 * second where the first says `types`.
 */
/** Whether `code` is, line for line, part of a TypeScript file tracked in this repository
 * (comments at the ends of lines aside: the docs annotate what they quote). */
async function quotedInRepository(code: string): Promise<boolean> {
  const bare = (text: string) => text.replace(/[ \t]+\/\/ [^'"`\n]*$/gm, '');
  const { stdout } = await execFileAsync('git', ['ls-files', '*.ts'], { cwd: repo });
  for (const file of stdout.trim().split('\n')) {
    if (bare(await readFile(join(repo, file), 'utf8')).includes(bare(code))) return true;
  }
  return false;
}

async function readmeApiTable(): Promise<string[]> {
  const readme = await readFile(join(repo, 'README.md'), 'utf8');
  const start = readme.indexOf('| export ');
  const rows = readme.slice(start, readme.indexOf('\n\n', start)).split('\n').slice(2);
  return rows.flatMap((line) => {
    const [, first = '', second = ''] = line.split('|');
    const cell = first.trim() === 'types' ? second : first;
    return [...cell.matchAll(/`(\w+)`/g)].map(([, name]) => name);
  });
}
