/**
 * The command-line values a run takes from the user, checked all at once with the same
 * clear messages as a profile: `--users: must be a positive integer, got "abc"`. Which
 * flags there are, and how each is read, is the settings table's (settings.ts).
 */
import { RunnerError } from '../errors.ts';
import type { ServiceFlags } from './embedded-service-settings.ts';
import { FlagError } from './errors.ts';
import { longFlag, type RawSettingValue, type SettingValue } from './setting.ts';
import { type Settings, settings } from './settings.ts';

/** The settings read with the run's others (`run: true`): those a profile or the web form can also set. */
export type RunSettingKey = {
  [K in keyof Settings]: Settings[K] extends { run: true } ? K : never;
}[keyof Settings];

/** Flags as the CLI parser hands them over (strings, or numbers when already converted). */
export type CliFlags = { [K in RunSettingKey]?: RawSettingValue } & ServiceFlags & {
    /** Positional user class names (Locust's `UserClass…`). */
    classNames?: readonly string[];
  };

/** Flags turned into values: undefined where the flag was not given. */
export type CheckedFlags = { [K in RunSettingKey]?: SettingValue<Settings[K]> } & { classNames: string[] };

const runKeys = (Object.keys(settings) as (keyof Settings)[]).filter(
  (key): key is RunSettingKey => (settings[key] as { run?: boolean }).run === true,
);

/** The run's settings out of everything the command line parsed. */
export function pickCliFlags(parsed: object, classNames: readonly string[]): CliFlags {
  const given = parsed as Record<string, unknown>;
  const flags: Record<string, unknown> = { classNames };
  for (const key of runKeys) if (given[key] !== undefined) flags[key] = given[key];
  return flags as CliFlags;
}

/** Checks every flag; throws one `FlagError` naming each bad value. */
export function checkFlags(flags: CliFlags): CheckedFlags {
  const problems: string[] = [];
  const checked: Record<string, unknown> = { classNames: [...(flags.classNames ?? [])] };
  for (const key of runKeys) {
    const value = flags[key];
    if (value === undefined) continue;
    const declared = settings[key] as { read?: (value: RawSettingValue, name: string) => unknown };
    try {
      checked[key] = declared.read ? declared.read(value, longFlag(settings[key])) : value;
    } catch (error) {
      if (!(error instanceof RunnerError)) throw error;
      problems.push(...(error instanceof FlagError ? error.problems : [error.message]));
    }
  }
  if (flags.arrivalRate !== undefined && (flags.users !== undefined || flags.spawnRate !== undefined)) {
    problems.push(
      '--arrival-rate: cannot be combined with --users or --spawn-rate (the open model starts journeys at a rate, the closed model runs users)',
    );
  }
  if (problems.length > 0) throw new FlagError(problems);
  return checked as CheckedFlags;
}
