/**
 * Node strips the types of a user's `.ts` modules with a TypeScript parser it loads on first
 * use, in each thread: every thread paid for loading it again. The thread of the import
 * trial (import-trial.ts), which imports the user modules first, keeps the JavaScript it
 * stripped and hands it to the main thread; the main thread keeps it (and strips whatever the
 * trial did not), and the worker threads are handed it: the parser is loaded once per run,
 * and not at all where the user's modules are as an earlier run left them (stripped-cache.ts).
 */
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { strippedFromCache } from './stripped-cache.ts';

const stripped = new Map<string, string>();
let keeping = false;

/**
 * `mode: 'strip'` (Node's own) puts spaces where the types were: lines and columns stay true.
 * A source an earlier run stripped comes from the cache, without loading the parser.
 */
function strip(source: string): string {
  return strippedFromCache(source, stripWithNode);
}

function stripWithNode(source: string): string {
  // The call's one-time ExperimentalWarning is about the API, not the user's code.
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    return stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * Before the user modules are imported (the main thread, the import trial's thread): strip
 * them here, or take what `adoptStrippedSources` was given, and keep the result.
 */
export function keepStrippedSources(): void {
  if (keeping) return;
  keeping = true;
  registerHooks({
    load(url, context, nextLoad) {
      const kept = stripped.get(url);
      if (kept !== undefined) return { format: 'module', source: kept, shortCircuit: true };
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

/** Main thread: the modules another thread stripped (the import trial's), loaded from then on without stripping. */
export function adoptStrippedSources(sources: Readonly<Record<string, string>>): void {
  for (const [url, source] of Object.entries(sources)) stripped.set(url, source);
}

/** What this thread stripped (or adopted) so far, by module URL (empty unless `keepStrippedSources` ran). */
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
