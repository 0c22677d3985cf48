/**
 * A file written whole or not at all: its text goes to a temporary name beside it, then is
 * renamed over it. A reader (or a second run) never sees half a CSV, and a run killed while
 * writing leaves the previous file as it was.
 */
import { rename, rm, writeFile } from 'node:fs/promises';

/** @example await writeAtomically('results/smoke_stats.csv', csvText); */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
