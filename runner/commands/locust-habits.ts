/**
 * Locust's flags that mean something else here, on `run`: `--locustfile` is `-f`;
 * `--processes` ends in one line naming our equivalent (`--threads`) instead of
 * "unknown option". (`--master` and `--worker` are the distributed mode: distributed-flags.ts.)
 */
import { type Command, Option } from 'commander';
import { closestName } from '../config/closest-name.ts';
import { LOG_LEVELS, type LogLevel } from '../console/live.ts';
import { RunnerError } from '../errors.ts';

export interface LocustFlags {
  locustfile?: string[];
  processes?: string;
}

/** Adds the hidden Locust flags to `run`. */
export function addLocustHabits(run: Command, collect: (value: string, previous?: string[]) => string[]) {
  run
    .addOption(new Option('--locustfile <path>', 'Locust’s name for -f').hideHelp().argParser(collect))
    .addOption(new Option('--processes <n>').hideHelp());
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

/** `--loglevel` / `-L` as Locust spells it (DEBUG, INFO, WARNING, ERROR, CRITICAL; any case). */
export function logLevelValue(value: string): LogLevel {
  const level = value.toLowerCase() === 'warn' ? 'warning' : value.toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  const near = closestName(level, LOG_LEVELS);
  throw new RunnerError(`--loglevel: unknown level ${JSON.stringify(value)}`, {
    code: 'FLAG_INVALID',
    hint: near ? `did you mean ${near.toUpperCase()}?` : `one of ${LOG_LEVELS.join(', ').toUpperCase()}`,
  });
}
