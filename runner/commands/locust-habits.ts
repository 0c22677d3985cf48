/**
 * Locust's flags that mean something else here, on `run`: `--processes`, `--master` and `--worker` end in one line naming our equivalent
 * (`--threads`, `--shard`) instead of "unknown option".
 */
import { type Command, Option } from 'commander';
import { RunnerError } from '../errors.ts';

export interface LocustFlags {
  processes?: string;
  master?: boolean;
  worker?: boolean;
}

/** Adds the hidden Locust flags to `run`. */
export function addLocustHabits(run: Command) {
  run
    .addOption(new Option('--processes <n>').hideHelp())
    .addOption(new Option('--master').hideHelp())
    .addOption(new Option('--worker').hideHelp());
}

/** Throws the one line for a Locust flag we answer differently. */
export function refuseLocustOnly(flags: LocustFlags): void {
  if (flags.processes !== undefined) {
    throw new RunnerError('--processes is Locust’s way to use several cores', {
      code: 'FLAG_LOCUST_ONLY',
      hint: `use --threads ${flags.processes} (worker threads in one process; default: cores minus one)`,
    });
  }
  if (flags.master || flags.worker) {
    throw new RunnerError(`--${flags.master ? 'master' : 'worker'} is Locust’s distributed mode`, {
      code: 'FLAG_LOCUST_ONLY',
      hint: 'run one process per shard with --shard i/N, then `journeys report merge` (see deploy/)',
    });
  }
}
