/**
 * Writes what is made from the settings table and the profile schema:
 * `profiles/profile.schema.json` for editors (`# yaml-language-server: $schema=./profile.schema.json`)
 * and the flags tables of README.md and docs/profiles.md. Run after changing settings.ts or schema.ts:
 *
 *     npx node runner/config/write-schema.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { profileSchema } from './schema.ts';
import { docTables, withBlock } from './settings-docs.ts';

export const schemaFile = fileURLToPath(new URL('../../profiles/profile.schema.json', import.meta.url));

/** A file of the repository by its relative path. */
export const repositoryFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The file's exact text: the schema as indented JSON. */
export function schemaText(): string {
  return `${JSON.stringify(profileSchema, null, 2)}\n`;
}

if (import.meta.main) {
  await writeFile(schemaFile, schemaText());
  console.log(`wrote ${schemaFile}`);
  for (const table of docTables) {
    const file = repositoryFile(table.file);
    await writeFile(file, withBlock(await readFile(file, 'utf8'), table.name, table.render()));
    console.log(`wrote the ${table.name} table of ${table.file}`);
  }
}
