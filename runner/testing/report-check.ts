/**
 * Whether a run's PREFIX_* files are all there and parse: the CSVs have their header row,
 * the JSON files are JSON, the report is HTML. Returns one line per file that is not.
 */
import { readFile } from 'node:fs/promises';
import { PREFIX_FILES } from './cli-harness.ts';

export async function reportProblems(prefix: string): Promise<string[]> {
  const problems: string[] = [];
  for (const suffix of PREFIX_FILES) {
    const file = prefix + suffix;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      problems.push(`${file}: missing`);
      continue;
    }
    if (suffix.endsWith('.json')) {
      try {
        JSON.parse(text);
      } catch {
        problems.push(`${file}: not JSON`);
      }
    } else if (suffix.endsWith('.csv')) {
      if (!/^[^\n]+,[^\n]+\r?\n/.test(text)) problems.push(`${file}: no CSV header`);
    } else if (!text.includes('</html>')) {
      problems.push(`${file}: not a whole HTML page`);
    }
  }
  return problems;
}
