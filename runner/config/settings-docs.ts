/**
 * The flags tables of README.md and docs/profiles.md, made from the settings table. Each
 * sits between `<!-- settings:NAME -->` and `<!-- /settings:NAME -->`; `write-schema.ts`
 * rewrites them and a test fails when one drifts.
 */
import type { Setting, SettingGroup } from './setting.ts';
import { settings } from './settings.ts';

/** A generated table: its name in the markers and the files it appears in (relative to the repository). */
export interface DocTable {
  name: string;
  file: string;
  render(): string;
}

const declared = Object.values(settings) as Setting[];

/** `-u, --users <n>` → `` `-u, --users N` `` (the README's spelling of a value). */
function flagCell(entry: Setting): string {
  const flags = entry.flags.replace(/<([^>]+)>/g, (_, name: string) => name.toUpperCase());
  return `\`${flags}\``.replace(/\|/g, '\\|');
}

function meaning(entry: Setting): string {
  const parts = [entry.doc];
  if (entry.repeatable) parts.push('repeatable');
  if (entry.defaultText) parts.push(`default: ${entry.defaultText}`);
  if (entry.locust) parts.push(`Locust: \`${entry.locust}\``);
  if (entry.needs) parts.push(`needs \`${entry.needs}\``);
  return parts.join('; ').replace(/\|/g, '\\|');
}

/** A Markdown table with padded columns, as a formatter would leave it. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function flagsTable(groups: readonly SettingGroup[]): string {
  const rows = declared
    .filter((entry) => groups.includes(entry.group) && !entry.hidden)
    .map((entry) => [flagCell(entry), meaning(entry)]);
  return markdownTable(['flag', 'meaning'], rows);
}

function profileTable(): string {
  const rows = declared
    .filter((entry) => entry.profile)
    .map((entry) => [`\`${entry.profile!.key}\``, flagCell(entry), meaning(entry)]);
  return markdownTable(['field', 'flag', 'meaning'], rows);
}

export const docTables: readonly DocTable[] = [
  {
    name: 'run',
    file: 'README.md',
    render: () => flagsTable(['basics', 'load', 'run', 'service', 'output']),
  },
  { name: 'web', file: 'README.md', render: () => flagsTable(['web']) },
  { name: 'distributed', file: 'README.md', render: () => flagsTable(['distributed']) },
  { name: 'profile', file: 'docs/profiles.md', render: profileTable },
];

/** The text between a table's markers in `text`, or undefined when the markers are missing. */
export function markedBlock(text: string, name: string): string | undefined {
  const start = `<!-- settings:${name} -->\n`;
  const from = text.indexOf(start);
  const to = text.indexOf(`\n<!-- /settings:${name} -->`);
  if (from < 0 || to < from) return undefined;
  return text.slice(from + start.length, to);
}

/** `text` with the table's block replaced by `table`. */
export function withBlock(text: string, name: string, table: string): string {
  const current = markedBlock(text, name);
  if (current === undefined) throw new Error(`no <!-- settings:${name} --> markers`);
  const start = text.indexOf(`<!-- settings:${name} -->\n`) + `<!-- settings:${name} -->\n`.length;
  return text.slice(0, start) + table + text.slice(start + current.length);
}
