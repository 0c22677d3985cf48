/**
 * The package as an outside project gets it: `npm pack` of this repository, the tarball
 * installed into a fresh project outside it, a user file there that imports
 * `from 'journeys-runner'`, and `npx journeys run` against a real HTTP server. The request
 * counts in the CSV must equal what the server itself answered.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTargetServer, type TargetServer } from '../testing/target-server.ts';

const run = promisify(execFile);
const repo = resolve(import.meta.dirname, '../..');

const USERS_FILE = `import { constant, Journey, User } from 'journeys-runner';

class Browse extends Journey {
  steps = [this.home, this.item];

  async home() {
    await this.client.get('/ok', { name: 'GET /ok' });
  }

  async item() {
    await this.client.get('/items/7', { name: 'GET /items/{id}' });
  }
}

export class Shopper extends User {
  journeys = [[Browse, 1]] as const;
  waitTime = constant(0);
}
`;

describe('the npm package', () => {
  let scratch: string;
  let project: string;
  let target: TargetServer;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'journeys-package-'));
    project = join(scratch, 'my-load-tests');
    target = await startTargetServer({ answerEveryPath: true });
    const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', scratch], { cwd: repo });
    const tarball = join(scratch, stdout.trim().split('\n').at(-1) ?? '');
    await mkdir(join(project, 'load'), { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'my-load-tests', private: true, type: 'module' }),
    );
    await writeFile(join(project, 'load', 'users.ts'), USERS_FILE);
    // --prefer-offline: the dependencies are the ones this repository installed, from the npm cache.
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: project,
      timeout: 240_000,
    });
  }, 300_000);

  afterAll(async () => {
    await target?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('ships the compiled runner with types and maps, its assets, and no sources, tests or test support', async () => {
    const installed = join(project, 'node_modules', 'journeys-runner');
    expect((await readdir(installed)).sort()).toEqual(['README.md', 'dist', 'package.json', 'runner']);
    expect(await readdir(join(installed, 'runner'))).toEqual(['bin.js']);
    const files = (await readdir(join(installed, 'dist'), { recursive: true })).map(String);
    expect(files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /\.test\./.test(file) || file.split('/').includes('testing'))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'api/index.js',
        'api/index.d.ts',
        'api/index.js.map',
        'threads/worker.js',
        'web/web.client.js',
        'web/web.css',
        'report/report.css',
        'report/charts.client.js',
        'stats/summary.schema.json',
      ]),
    );
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies.node).toBeUndefined();
  });

  it('runs a user file that imports from "journeys-runner" with npx, and counts what the server served', async () => {
    const { stdout } = await run(
      'npx',
      ['journeys', 'run', '-f', './load/users.ts', '-H', target.url, '-i', '20', '--csv', 'out/run'],
      { cwd: project, timeout: 120_000 },
    );
    expect(stdout).toMatch(/exit 0/);
    const csv = await readFile(join(project, 'out', 'run_stats.csv'), 'utf8');
    const rows = new Map(
      csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(','))
        .map((cells) => [`${cells[0]} ${cells[1]}`, Number(cells[2])]),
    );
    expect(rows.get('GET GET /ok')).toBe(target.served.get('/ok'));
    expect(rows.get('GET GET /items/{id}')).toBe(target.served.get('/items/7'));
    expect(target.served.get('/ok')).toBe(20);
    expect(rows.get(' Aggregated')).toBe(40);
  });

  it('refuses a run without a host, since the package has no embedded service', async () => {
    const failure = await run('npx', ['journeys', 'run', '-f', './load/users.ts', '-i', '1'], {
      cwd: project,
      timeout: 60_000,
    }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/no target.*-H http:\/\/127\.0\.0\.1:PORT/s);
  });
});
