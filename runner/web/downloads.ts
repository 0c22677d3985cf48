/**
 * The files the web UI offers: Locust's CSVs, `_journeys.csv`, `_summary.json` and the HTML
 * report. Of a finished run, the very files its results folder holds (the same bytes); of
 * the run in progress, rendered now from its statistics as the run will write them.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { renderHtmlReport } from '../report/html.ts';
import { renderLocustCsv } from '../stats/csv.ts';
import { buildSummary } from '../stats/summary.ts';
import type { WebController } from './controller.ts';

/** The suffixes offered, as the results folder names them (`<prefix>_stats.csv` …). */
export const DOWNLOADS = [
  '_stats.csv',
  '_stats_history.csv',
  '_failures.csv',
  '_exceptions.csv',
  '_journeys.csv',
  '_summary.json',
  '_report.html',
] as const;

export type DownloadSuffix = (typeof DOWNLOADS)[number];

export interface Download {
  name: string;
  type: string;
  body: string | Buffer;
}

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
};

/** The file, or undefined when no run has statistics yet. */
export async function download(
  controller: WebController,
  suffix: DownloadSuffix,
): Promise<Download | undefined> {
  const type = TYPES[suffix.slice(suffix.lastIndexOf('.') + 1)];
  const live = controller.live();
  const last = controller.last();
  if (!live && last) {
    const file = `${last.prefix}${suffix}`;
    return { name: basename(file), type, body: await readFile(file) };
  }
  const config = controller.config();
  if (!live || !config) return undefined;
  const stats = live.stats();
  const name = `${config.profileName}${suffix}`;
  if (suffix === '_summary.json') {
    return { name, type, body: `${JSON.stringify(buildSummary(stats), null, 2)}\n` };
  }
  if (suffix === '_report.html') return { name, type, body: renderHtmlReport({ stats }) };
  const csv = renderLocustCsv(stats, { fullHistory: config.csvFullHistory }) as Record<string, string>;
  return csv[suffix] === undefined ? undefined : { name, type, body: csv[suffix] };
}
