/**
 * Ctrl-C and SIGTERM during a run: the first signal stops the users at once and still
 * writes every report; a second one exits immediately. A runner whose parent died (a
 * wrapper that did not wait for it, e.g. `npx` under a shell that does not exec) is
 * stopped as by SIGTERM, so it never goes on alone for the rest of the run.
 */
import { type StopSignal, signalExitCode } from '../errors.ts';

export interface SignalWatch {
  /** The first signal received, if any. */
  readonly received: StopSignal | undefined;
  /** Restores Node's default handling. */
  dispose(): void;
}

/** How often the parent is looked at: an orphan stops within this long. */
const PARENT_CHECK_MS = 250;

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
  // process.ppid is read live: it changes to the reaper (1 or a subreaper) once the parent is gone.
  const parent = process.ppid;
  const parentCheck = setInterval(() => {
    if (process.ppid !== parent && received === undefined) handle('SIGTERM');
  }, PARENT_CHECK_MS);
  parentCheck.unref();
  return {
    get received() {
      return received;
    },
    dispose() {
      clearInterval(parentCheck);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/**
 * After the reports are written: a signal that arrives before the process is gone exits at
 * once with the code the reports already give (not as killed by the signal, which would make
 * the exit status disagree with the summary).
 * @example const code = await run(); signals.dispose(); exitOnLateSignal(code); return code;
 */
export function exitOnLateSignal(code: number): void {
  const exit = () => process.exit(code);
  process.once('SIGINT', exit);
  process.once('SIGTERM', exit);
}
