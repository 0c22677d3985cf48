/**
 * Before the process exits: every line written to stdout and stderr has reached them. A pipe
 * is written asynchronously, so `process.exit` right after the last write loses what a slow
 * reader (`journeys run | tee log`, a CI runner) had not taken yet — the verdict and the
 * `exit N:` line first of all.
 */

type Output = NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean };

/** How often the buffers are looked at while they drain. */
const POLL_MS = 10;

/**
 * Resolves once nothing is left in the streams' buffers, or after `limitMs` (a reader that
 * stopped reading must not hold the runner forever).
 * @example process.exitCode = code; await flushOutput(); process.exit(code);
 */
export async function flushOutput(
  streams: readonly Output[] = [process.stdout, process.stderr],
  limitMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  const pending = () => streams.some((stream) => !stream.destroyed && (stream.writableLength ?? 0) > 0);
  while (pending() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}
