/**
 * `journeys report render <results>`: the CSV files, summary and HTML report again from the
 * saved raw statistics — after an upgrade of the report, or to get `--html`/`--junit` later.
 */

import { reportSummary } from './html.ts';
import { writeResults } from './results.ts';
import { loadSavedRun } from './results-folder.ts';

export interface RenderOptions {
  htmlFile?: string;
  junitFile?: string;
}

/**
 * Rewrites every file of a saved run in place; returns their paths.
 * @example await renderSavedRun('results/smoke-20261123-194500');
 */
export async function renderSavedRun(path: string, options: RenderOptions = {}): Promise<string[]> {
  const saved = await loadSavedRun(path);
  const written = await writeResults({
    prefix: saved.prefix,
    stats: saved.stats,
    fullHistory: saved.raw.fullHistory,
    summary: reportSummary({ stats: saved.stats, summary: saved.summary }),
    ...options,
  });
  return written.paths;
}
