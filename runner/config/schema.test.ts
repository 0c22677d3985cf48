import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { listProfiles, loadProfile } from './load.ts';
import { resolveRunConfig } from './run-config.ts';
import { profileSchema } from './schema.ts';
import { schemaFile, schemaText } from './write-schema.ts';

describe('profile.schema.json', () => {
  it('is schema.ts written out (run `npx node runner/config/write-schema.ts` after changing it)', async () => {
    expect(await readFile(schemaFile, 'utf8')).toBe(schemaText());
  });

  it('compiles in ajv strict mode without a warning', () => {
    const warnings: unknown[] = [];
    const logger = { log: () => {}, warn: (...args: unknown[]) => warnings.push(args), error: () => {} };
    new Ajv({ strict: true, allErrors: true, logger }).compile(profileSchema);
    expect(warnings).toEqual([]);
  });
});

describe('the project profiles', () => {
  it('every profiles/*.yaml loads and resolves', async () => {
    for (const { name } of await listProfiles()) {
      const profile = await loadProfile(name);
      expect(profile.name).toBe(name);
      const config = resolveRunConfig(profile, {}, { randomSeed: () => 1 });
      expect(config.profileName).toBe(name);
    }
  });
});
