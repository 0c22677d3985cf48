/**
 * Ctrl-C and SIGTERM during a run: the first signal stops the users at once and still
 * writes every report; a second one exits immediately.
 */
import { type StopSignal, signalExitCode } from '../errors.ts';

export interface SignalWatch {
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Restores Node's default handling. */
  dispose(): void;
}

/**
 * @example
 * const signals = watchSignals((signal) => run.stopNow(signal));
 * try { await run.done; } finally { signals.dispose(); }
 */
export function watchSignals(
  onFirst: (signal: StopSignal) => void,
  onSecond: (signal: StopSignal) => void = (signal) => process.exit(signalExitCode(signal)),
): SignalWatch {
  let received: StopSignal | undefined;
  const handle = (signal: StopSignal) => {
    if (received === undefined) {
      received = signal;
      onFirst(signal);
    } else {
      onSecond(signal);
    }
  };
  const onInt = () => handle('SIGINT');
  const onTerm = () => handle('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
