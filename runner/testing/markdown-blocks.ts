/** The fenced code blocks of a Markdown file, with the line each starts on (of its fence). */
import { readFile } from 'node:fs/promises';

export interface CodeBlock {
  file: string;
  line: number;
  language: string;
  code: string;
}

/** @example await codeBlocks('README.md', 'ts') // every ```ts block of the README */
export async function codeBlocks(file: string, language: string): Promise<CodeBlock[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w+)\s*$/);
    if (!open) continue;
    const end = lines.findIndex((text, j) => j > i && text.startsWith('```'));
    if (end === -1) break;
    if (open[1] === language)
      blocks.push({ file, line: i + 1, language, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}
