/**
 * A fingerprint of the user modules a run loads: a worker whose modules differ from the
 * master's would run other journeys under the same names, so the master refuses it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { moduleFiles } from '../discovery/module-files.ts';

/**
 * SHA-256 over each module file's name and bytes, in order. Files the modules import from
 * elsewhere are not covered (docs/decisions.md, "Distributed mode").
 * @example await usersModulesHash(['users']) // 'b5d4…'
 */
export async function usersModulesHash(paths: readonly string[]): Promise<string> {
  const { files } = await moduleFiles(paths);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${basename(file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}
