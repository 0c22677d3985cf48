/**
 * `journeys run … | head -3`: once the reader is gone, each write to stdout fails with
 * EPIPE, which Node raises as an 'error' event — with no listener, an uncaught exception
 * that kills the run before it writes its files. A run's files matter more than its
 * console: a closed output is ignored and the run goes on, silently.
 */

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Idempotent (one listener per stream, for the life of the process: a write error can
 * come a tick after the run that caused it). Errors other than EPIPE still surface.
 * @example ignoreClosedOutput(process.stdout);
 */
export function ignoreClosedOutput(stream: NodeJS.WritableStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
