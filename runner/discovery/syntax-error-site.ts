/**
 * Where a syntax or type-stripping error is: Node knows the file, line and column — the
 * first lines of the error's stack are `file:line`, the source line and a caret under the
 * column — but its message holds none of them, and the module that failed to import may
 * only have imported the broken file.
 */
import { fileURLToPath } from 'node:url';

export interface SyntaxErrorSite {
  /** Absolute path of the file with the error. */
  file: string;
  line: number;
  /** 1-based; undefined when Node showed no caret. */
  column?: number;
}

/**
 * @example syntaxErrorSite(error) // { file: '/project/users/broken.ts', line: 3, column: 12 }
 */
export function syntaxErrorSite(error: unknown): SyntaxErrorSite | undefined {
  if (!(error instanceof SyntaxError) || typeof error.stack !== 'string') return undefined;
  const lines = error.stack.split('\n');
  const head = /^((?:file:\/\/)?\/.*?):(\d+)$/.exec(lines[0] ?? '');
  if (!head) return undefined;
  const file = head[1].startsWith('file://') ? fileURLToPath(head[1]) : head[1];
  const caret = lines.findIndex((line, index) => index > 1 && /^\s*\^+\s*$/.test(line));
  return { file, line: Number(head[2]), ...(caret < 0 ? {} : { column: lines[caret].indexOf('^') + 1 }) };
}
