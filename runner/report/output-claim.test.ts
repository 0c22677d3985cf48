import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAtomically } from './atomic-write.ts';
import { claimCsvPrefix, claimResultsFolder } from './output-claim.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-claim-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A process that lives until killed, and its PID. */
function sleeper() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  return child;
}

describe('a run takes its place for its files', () => {
  it('runs starting in the same second get folders of their own; an unused folder is given back', async () => {
    const folder = join(dir, 'results', 'smoke-20261207-161200');
    const claims = await Promise.all([1, 2, 3].map(() => claimResultsFolder(folder, 'smoke')));
    expect(claims.map((c) => c.prefix).sort()).toEqual(
      [join(`${folder}`, 'smoke'), join(`${folder}-2`, 'smoke'), join(`${folder}-3`, 'smoke')].sort(),
    );
    await writeFile(join(`${folder}-2`, 'smoke_stats.csv'), 'x');
    for (const claim of claims) await claim.release();
    expect((await readdir(join(dir, 'results'))).sort()).toEqual(['smoke-20261207-161200-2']);
  });

  it('a --csv prefix locked by a live run is refused in one line; a dead run’s lock is taken over', async () => {
    const prefix = join(dir, 'out');
    const live = sleeper();
    await writeFile(`${prefix}.lock`, `${live.pid}\n`);
    await expect(claimCsvPrefix(prefix)).rejects.toMatchObject({
      code: 'OUTPUT_IN_USE',
      exitCode: 2,
      message: `--csv ${prefix}: in use by a running run (pid ${live.pid}, lock ${prefix}.lock)`,
    });
    live.kill('SIGKILL');
    await new Promise((resolve) => live.on('exit', resolve));
    const claim = await claimCsvPrefix(prefix);
    expect(await readFile(`${prefix}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await claim.release();
    expect(existsSync(`${prefix}.lock`)).toBe(false);
  });

  it('writes a file whole through a temporary name, leaving nothing else behind', async () => {
    const file = join(dir, 'atomic', 'x_stats.csv');
    await rm(join(dir, 'atomic'), { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'atomic')));
    await writeAtomically(file, 'a,b\n1,2\n');
    await writeAtomically(file, 'a,b\n3,4\n');
    expect(await readFile(file, 'utf8')).toBe('a,b\n3,4\n');
    expect(await readdir(join(dir, 'atomic'))).toEqual(['x_stats.csv']);
  });
});
