import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from './data-dir-lock.ts';
import { getPGliteEventStore } from './pglite.ts';

const pgliteModule = new URL('./pglite.ts', import.meta.url).href;
const scratch = mkdtempSync(join(tmpdir(), 'journeys-pglite-'));
// One directory for every test: initdb runs once, the later tests only reopen it.
const dir = join(scratch, 'data');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Node code run in a child process: opens the store on `dir` and reports. */
function openerScript(dir: string, holdOpen: boolean): string {
  return `
    const { getPGliteEventStore } = await import(${JSON.stringify(pgliteModule)});
    try {
      await getPGliteEventStore({ dataDir: ${JSON.stringify(dir)} });
      console.log('opened');
      ${holdOpen ? "process.stdin.resume(); process.stdin.on('end', () => process.exit(0));" : 'process.exit(0);'}
    } catch (error) {
      console.log(error.code + ': ' + error.message);
      process.exit(1);
    }`;
}

const run = promisify(execFile);
async function openInChild(dir: string): Promise<string> {
  const result = await run(process.execPath, ['--input-type=module', '-e', openerScript(dir, false)]).catch(
    (error: { stdout: string }) => error,
  );
  return result.stdout.trim();
}

function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', openerScript(dir, true)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('opened')) resolve(child);
      else reject(new Error(`child said: ${chunk}`));
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code}`)));
  });
}

describe('PGlite event store on a data directory', () => {
  it('keeps its data across reopen, and re-running migrations changes nothing', async () => {
    const first = await getPGliteEventStore({ dataDir: dir });
    await first.appendToStream('Kept-1', [{ type: 'Kept', data: { n: 1 } }], {
      expectedVersion: 'no_stream',
    });
    await first.close();
    const second = await getPGliteEventStore({ dataDir: dir });
    try {
      expect((await second.readStream('Kept-1')).events.map((e) => e.data)).toEqual([{ n: 1 }]);
      await second.appendToStream('Kept-1', [{ type: 'Kept', data: { n: 2 } }], { expectedVersion: 0 });
    } finally {
      await second.close();
    }
  });

  it('refuses a second opener in this process and in another, with a clear message', async () => {
    const store = await getPGliteEventStore({ dataDir: dir });
    try {
      expect(readFileSync(join(dir, 'journeys.lock'), 'utf8')).toBe(String(process.pid));
      const again = await getPGliteEventStore({ dataDir: dir }).catch((error: unknown) => error);
      expect(again).toBeInstanceOf(DataDirLockedError);
      expect((again as Error).message).toContain('already in use by this process');
      expect(await openInChild(dir)).toBe(
        `DATA_DIR_LOCKED: PGlite data directory ${dir} is already in use by process ${process.pid}. ` +
          'PGlite allows one process per directory: stop the other service, or set DATA_DIR to another directory (memory:// for a throwaway one).',
      );
    } finally {
      await store.close();
    }
    // Released on close: the next opener gets it.
    const reopened = await getPGliteEventStore({ dataDir: dir });
    await reopened.close();
  });

  it('refuses while another process holds the directory, then takes over the lock once that process died', async () => {
    const holder = await holdInChild(dir);
    try {
      const refused = await getPGliteEventStore({ dataDir: dir }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'DATA_DIR_LOCKED', ownerPid: holder.pid });
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL'); // no clean-up: the lock file stays behind, stale
      await exited;
    }
    expect(readFileSync(join(dir, 'journeys.lock'), 'utf8')).toBe(String(holder.pid));
    const store = await getPGliteEventStore({ dataDir: dir });
    try {
      expect(readFileSync(join(dir, 'journeys.lock'), 'utf8')).toBe(String(process.pid));
    } finally {
      await store.close();
    }
  });
});
