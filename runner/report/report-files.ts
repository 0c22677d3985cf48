/**
 * The report files a run (or `report render` / `report merge`) writes beside its CSVs:
 * always `<prefix>_report.html`, plus the `--html FILE` copy and `--junit FILE` when asked.
 */

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunStats } from '../stats/run-stats.ts';
import type { RunSummary } from '../stats/summary.ts';
import { writeAtomically } from './atomic-write.ts';
import { renderHtmlReport } from './html.ts';
import { runJUnitCases, writeJUnit } from './junit.ts';

export interface ReportFilesOptions {
  prefix: string;
  stats: RunStats;
  /** summary.json content (metadata, thresholds, invariants, self-check, exit code). */
  summary: Partial<RunSummary>;
  htmlFile?: string;
  junitFile?: string;
}

/** `<prefix>_report.html`: the report beside the CSV files. */
export function reportFile(prefix: string): string {
  return `${prefix}_report.html`;
}

/** One report file to write, on its own so a caller can go on past one that fails: where, and how. */
export interface ReportWrite {
  file: string;
  write(): Promise<void>;
}

/** The HTML report and its `--html` copy: they show the exit code, so a run writes them once it is decided. */
export function htmlWrites(options: ReportFilesOptions): ReportWrite[] {
  const html = renderHtmlReport({ stats: options.stats, summary: options.summary });
  return [...new Set([reportFile(options.prefix), options.htmlFile ?? reportFile(options.prefix)])].map(
    (file) => ({
      file,
      write: async () => {
        await mkdir(dirname(file), { recursive: true });
        await writeAtomically(file, html);
      },
    }),
  );
}

/** `--junit FILE`, when asked: thresholds and invariants, no exit code. */
export function junitWrites(options: ReportFilesOptions): ReportWrite[] {
  const junitFile = options.junitFile;
  if (!junitFile) return [];
  const suite = `journeys ${options.summary.run?.profile ?? 'run'}`;
  const seconds = options.summary.durationSeconds ?? options.stats.elapsedSeconds();
  return [
    {
      file: junitFile,
      write: async () => {
        await writeJUnit(junitFile, suite, runJUnitCases(options.summary), seconds);
      },
    },
  ];
}
