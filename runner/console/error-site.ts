/**
 * Where an exception was raised, short enough for the console: the journey step (or user
 * hook) that ran it, and the first stack frame in the user's own code.
 */
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `    at Typo.readMissing (file:///…/users.ts:13:23)` or `    at file:///…/users.ts:13:23`. */
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/|\/)[^)]*?):(\d+):\d+\)?$/;

/**
 * @example errorSite(['Typo.readMissing'], stack) // 'Typo.readMissing (users/typo.ts:13)'
 */
export function errorSite(nodes: readonly string[], traceback: string, cwd = process.cwd()): string {
  const frame = firstOwnFrame(traceback, cwd);
  const steps = nodes.join(', ');
  if (!frame) return steps;
  return steps === '' ? frame : `${steps} (${frame})`;
}

/** The first frame outside node_modules and Node's internals, as `path:line` relative to `cwd`. */
function firstOwnFrame(traceback: string, cwd: string): string | undefined {
  for (const line of traceback.split('\n')) {
    const match = FRAME.exec(line);
    if (!match || match[1].includes('/node_modules/')) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    const shown = relative(cwd, file);
    return `${shown.startsWith('..') || isAbsolute(shown) ? file : shown}:${match[2]}`;
  }
  return undefined;
}
