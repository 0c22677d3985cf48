/**
 * Locust's flags that mean something else here, on `run`: `--processes` ends in one line
 * naming our equivalent (`--threads`) instead of "unknown option". (`--master` and
 * `--worker` are the distributed mode: commands/distributed-flags.ts.)
 */
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';

export interface LocustFlags {
  processes?: string;
}

/** Adds the hidden Locust flags to `run`. */
export function addLocustHabits(run: Command) {
  run.addOption(new Option('--processes <n>').hideHelp());
}

/** Throws the one line for a Locust flag we answer differently. */
export function refuseLocustOnly(flags: LocustFlags): void {
  if (flags.processes !== undefined) {
    throw new RunnerError('--processes is Locust’s way to use several cores', {
      code: 'FLAG_LOCUST_ONLY',
      hint: `use --threads ${flags.processes} (worker threads in one process; default: cores minus one)`,
    });
  }
}
