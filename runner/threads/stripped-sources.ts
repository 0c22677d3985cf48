/**
 * Node strips the types of a user's `.ts` modules with a TypeScript parser it loads on first
 * use, in each thread: every worker thread paid for loading it again. The main thread, which
 * imports the user modules first, keeps the JavaScript it stripped; the worker threads are
 * handed it and load the same modules from it without a parser of their own.
 */
import { registerHooks, stripTypeScriptTypes } from 'node:module';

const stripped = new Map<string, string>();
let keeping = false;

/** `mode: 'strip'` (Node's own) puts spaces where the types were: lines and columns stay true. */
function strip(source: string): string {
  // The call's one-time ExperimentalWarning is about the API, not the user's code.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** Main thread, before the user modules are imported: strip them here and keep the result. */
export function keepStrippedSources(): void {
  if (keeping) return;
  keeping = true;
  registerHooks({
    load(url, context, nextLoad) {
      const loaded = nextLoad(url, context);
      if (loaded.format !== 'module-typescript' || loaded.source === undefined) return loaded;
      const source = strip(
        typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source),
      );
      stripped.set(url, source);
      return { ...loaded, format: 'module', source };
    },
  });
}

/** What the main thread stripped so far, by module URL (empty unless `keepStrippedSources` ran). */
export function strippedSources(): Record<string, string> {
  return Object.fromEntries(stripped);
}

/** Worker thread, before it imports the user modules: load them from the main thread's JavaScript. */
export function serveStrippedSources(sources: Readonly<Record<string, string>> | undefined): void {
  if (sources === undefined || Object.keys(sources).length === 0) return;
  registerHooks({
    load(url, context, nextLoad) {
      const source = sources[url];
      return source === undefined ? nextLoad(url, context) : { format: 'module', source, shortCircuit: true };
    },
  });
}
