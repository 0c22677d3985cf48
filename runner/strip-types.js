/**
 * Lets Node run this package's TypeScript files when the package is installed under
 * `node_modules/`, where Node's own type stripping refuses to work (it would otherwise
 * throw ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING). Inside this repository Node strips
 * types itself and this hook never engages. Plain JavaScript on purpose: it must load
 * before any `.ts` file. The bin and the worker thread entry import it first.
 */
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';

const packageRoot = new URL('../', import.meta.url).href;
let warningSilenced = false;

/** `mode: 'strip'` replaces types with spaces, so line and column numbers in stack traces stay true. */
function strip(source) {
  if (warningSilenced) return stripTypeScriptTypes(source, { mode: 'strip' });
  // The first call emits a one-time ExperimentalWarning; a user of the CLI cannot act on it.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
    warningSilenced = true;
  }
}

registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith(packageRoot) && url.includes('/node_modules/') && url.endsWith('.ts')) {
      const source = readFileSync(new URL(url), 'utf8');
      return { format: 'module', source: strip(source), shortCircuit: true };
    }
    return nextLoad(url, context);
  },
});
