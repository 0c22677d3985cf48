/**
 * A thrown error's stack as the exceptions table keys it. Frames in Node's own internals
 * (`processTicksAndRejections`, `listOnTimeout`, `processTimers`…) say only which kind of
 * task happened to drain the microtask queue when an awaiting journey resumed: the same line
 * of the same step gets one of several stacks depending on scheduling. Kept, they would split
 * one bug into several rows of the table (Locust groups by message and traceback), so a run's
 * counts per row would depend on the machine's load.
 */

/** `    at listOnTimeout (node:internal/timers:644:9)`, `    at async node:internal/modules/esm/loader:647:26`. */
const INTERNAL_FRAME = /^\s+at (?:async )?(?:.*\()?node:internal\//;

/**
 * @example
 * stableTraceback('TypeError: x\n    at step (file:///u.ts:3:9)\n    at process.processTicksAndRejections (node:internal/process/task_queues:104:5)')
 * // 'TypeError: x\n    at step (file:///u.ts:3:9)'
 */
export function stableTraceback(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => !INTERNAL_FRAME.test(line))
    .join('\n');
}
