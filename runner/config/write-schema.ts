/**
 * Writes `profiles/profile.schema.json` from `profileSchema`, for editors
 * (`# yaml-language-server: $schema=./profile.schema.json`). Run after changing schema.ts:
 *
 *     npx node runner/config/write-schema.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { profileSchema } from './schema.ts';

export const schemaFile = fileURLToPath(new URL('../../profiles/profile.schema.json', import.meta.url));

/** The file's exact text: the schema as indented JSON. */
export function schemaText(): string {
  return `${JSON.stringify(profileSchema, null, 2)}\n`;
}

if (import.meta.main) {
  await writeFile(schemaFile, schemaText());
  console.log(`wrote ${schemaFile}`);
}
