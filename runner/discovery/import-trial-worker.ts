/**
 * Imports the user modules one by one in a thread of its own, saying which it is on, so the
 * main thread can name a module whose import never ends (a loop or an await at its top level)
 * and stop this thread — a loop in the main thread itself could not be stopped.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { keepStrippedSources, strippedSources } from './stripped-sources.ts';

// The published package (compiled JavaScript): what this thread strips, the main thread need not.
if (import.meta.url.endsWith('.js')) keepStrippedSources();
for (const url of (workerData as { urls: string[] }).urls) {
  parentPort?.postMessage({ importing: url });
  try {
    await import(url);
  } catch {
    // The real import reports it with its file and line; this trial is only about time.
  }
}
parentPort?.postMessage({ done: true, stripped: strippedSources() });
