/** The live console, keeping its warnings too: the web UI shows them beside the statistics. */
import { LiveConsole } from '../console/live.ts';

/** Warnings kept for the web UI; a long run's repeats stop at this many. */
const MOST_WARNINGS = 200;

/**
 * @example
 * const console = new WarningConsole(process.stdout);
 * console.warn('runner CPU above 90%');
 * console.warnings; // ['runner CPU above 90%']
 */
export class WarningConsole extends LiveConsole {
  readonly warnings: string[] = [];

  override warn(text: string): void {
    super.warn(text);
    if (this.warnings.length < MOST_WARNINGS) this.warnings.push(text);
  }
}
