import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunnerError } from '../errors.ts';
import { importWithin } from './import-trial.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeys-import-trial-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function moduleFile(name: string, source: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, source);
  return file;
}

async function trialError(files: string[], seconds: number): Promise<RunnerError> {
  const error = await importWithin(files, seconds).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RunnerError);
  return error as RunnerError;
}

describe('importWithin', () => {
  it('imports modules that finish, once, in this thread', async () => {
    const file = await moduleFile(
      'counted.ts',
      'const seen: Record<string, number> = globalThis as never;\nseen.trialImports = (seen.trialImports ?? 0) + 1;\nexport const a = 1;\n',
    );
    await importWithin([file], 5);
    expect((globalThis as { trialImports?: number }).trialImports).toBe(1);
  });

  it('names a module that loops at its top level', async () => {
    const fine = await moduleFile('a-fine.ts', 'export const fine: number = 1;\n');
    // Bounded, so a trial that failed to stop it still ends.
    const loop = await moduleFile(
      'b-loop.ts',
      'const started = Date.now();\nwhile (Date.now() - started < 20_000) {}\nexport {};\n',
    );
    const error = await trialError([fine, loop], 1);
    expect(error.code).toBe('USER_MODULE_IMPORT_TIMEOUT');
    expect(error.message).toContain('import did not finish within 1 s');
    expect(error.where).toContain('b-loop.ts');
  });

  it('names a module whose top-level await never settles (tried in a thread of its own)', async () => {
    const waits = await moduleFile(
      'waits.ts',
      // A timer keeps the thread alive, as a connection that never answers would.
      'await new Promise(() => setInterval(() => {}, 1000));\nexport {};\n',
    );
    const error = await trialError([waits], 1);
    expect(error.code).toBe('USER_MODULE_IMPORT_TIMEOUT');
    expect(error.where).toContain('waits.ts');
  });

  it('leaves a module that throws to the real import', async () => {
    const throws = await moduleFile('throws.ts', 'throw new Error("at import");\n');
    await expect(importWithin([throws], 5)).resolves.toBeUndefined();
  });
});
