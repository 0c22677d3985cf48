/**
 * The settings table (runner/config/settings.ts) as commander options: the flags of `run`
 * and `web` in the table's order, their help lines and defaults, the Locust spellings as
 * hidden aliases, the flags that need another, and a did-you-mean over every long flag.
 */
import { type Command, Option } from 'commander';
import { closestName } from '../closest-name.ts';
import { FlagError } from '../config/errors.ts';
import { longFlag, type RawSettingValue, type Setting } from '../config/setting.ts';
import { type SettingKey, settings } from '../config/settings.ts';

const declared = Object.entries(settings) as [SettingKey, Setting][];

/** Adds every setting to `command` as an option, Locust's basics first. */
export function addSettingOptions(command: Command, except: readonly string[] = []): void {
  for (const [, entry] of declared) {
    if (except.includes(longFlag(entry))) continue;
    command.addOption(settingOption(entry.flags, entry, entry.hidden === true));
    for (const alias of entry.aliases ?? []) command.addOption(settingOption(alias, entry, true));
  }
}

function settingOption(flags: string, entry: Setting, hidden: boolean): Option {
  const help =
    entry.defaultText && entry.default === undefined
      ? `${entry.doc} (default: ${entry.defaultText})`
      : entry.doc;
  const option = new Option(flags, help.replace(/`/g, ''));
  if (hidden) option.hideHelp();
  if (entry.default !== undefined) option.default(entry.default, entry.defaultText);
  const read = entry.run
    ? undefined
    : (entry.read as ((value: RawSettingValue, name: string) => unknown) | undefined);
  if (entry.repeatable) {
    option.argParser((value: string, previous: unknown) => [
      ...((previous as string[] | undefined) ?? []),
      value,
    ]);
  } else if (read) {
    // Read now (they are not run settings a profile can also set): one line naming the flag and the value.
    option.argParser((value: string) => read(value, longFlag(entry)));
  }
  return option;
}

/** Values given under a Locust alias (`--locustfile`) joined to their setting (`usersModule`). */
export function foldAliases(flags: object): void {
  const values = flags as Record<string, unknown>;
  for (const [key, entry] of declared) {
    for (const alias of entry.aliases ?? []) {
      const name = attributeName(alias);
      const value = values[name];
      if (value === undefined) continue;
      delete values[name];
      const mine = values[key];
      values[key] = Array.isArray(value)
        ? [...((mine as unknown[] | undefined) ?? []), ...value]
        : (mine ?? value);
    }
  }
}

/**
 * Throws one line for each flag given without the flag it needs (`--web-port` without
 * `--web`): it would silently change nothing.
 * @param given the flags that are on whatever the command line says (`journeys web` is `--web`)
 */
export function checkNeeds(command: Command, given: readonly string[] = []): void {
  const problems: string[] = [];
  for (const [key, entry] of declared) {
    if (!entry.needs || command.getOptionValueSource(key) !== 'cli') continue;
    const needed = attributeName(entry.needs);
    if (given.includes(entry.needs) || command.getOptionValueSource(needed) === 'cli') continue;
    problems.push(
      `${longFlag(entry)}: needs ${entry.needs} (it changes nothing without it) — add ${entry.needs}`,
    );
  }
  if (problems.length > 0) throw new FlagError(problems);
}

/** Every long flag of `command`, hidden ones and aliases included: what a typo is compared with. */
export function longFlags(command: Command): string[] {
  return command.options.flatMap((option) => (option.long ? [option.long] : []));
}

/**
 * `unknown option '--headles'` → `--headless`, over every long flag (commander's own
 * suggestion skips hidden ones such as Locust's spellings).
 */
export function suggestFlag(unknown: string, command: Command): string | undefined {
  const [name] = unknown.split('=');
  return closestName(name, longFlags(command));
}

/** The camelCase attribute commander gives `--web-port <n>`: `webPort`. */
function attributeName(flags: string): string {
  return longFlag({ flags })
    .slice(2)
    .replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Lines for the program's `--help`: Locust's basics, as `run` takes them without the word `run`. */
export function basicsHelp(): string {
  const basics = declared.filter(([, entry]) => entry.group === 'basics' && !entry.hidden);
  const width = Math.max(...basics.map(([, entry]) => entry.flags.length));
  const lines = basics.map(([, entry]) => `  ${entry.flags.padEnd(width)}  ${entry.doc}`);
  return [
    '',
    'Run a load test (Locust’s basics; `journeys run --help` lists every flag):',
    ...lines,
    '',
    'Example: journeys -u 10 -r 2 -t 1m -H http://127.0.0.1:8000 -f users/',
  ].join('\n');
}
