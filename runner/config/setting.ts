/**
 * What one setting of a run declares, once: its flag (and Locust's name for it), its
 * profile key and schema, its web-form field, how its text is read, its default, one line
 * of doc, and which other flag it needs. `settings.ts` lists them; the command line, the
 * profile schema, the flag checks, the web form's merge and the docs' tables are made
 * from that list.
 */

/** Where a setting is listed in `--help` and the docs; `basics` come first, as Locust's. */
export type SettingGroup =
  | 'basics'
  | 'load'
  | 'target'
  | 'output'
  | 'run'
  | 'service'
  | 'web'
  | 'distributed';

/** How the web form sends a field: a number, a line of text, or a list of names. */
export type WebFieldKind = 'number' | 'text' | 'list';

export interface Setting<V = unknown> {
  /** As commander spells it: `-u, --users <n>`; the long flag's camelCase name is the setting's key. */
  flags: string;
  group: SettingGroup;
  /** One line: what the setting does (help, schema description, docs). */
  doc: string;
  /** Locust's name for the same thing, when Locust has one and it differs (`--web-login`, `network_timeout`). */
  locust?: string;
  /** Further flags that mean the same, accepted but not listed (`--locustfile` for `-f`). */
  aliases?: readonly string[];
  /**
   * Reads the flag's (or web field's) value; throws a `RunnerError` whose message names
   * `name` and the value. Left out: the value is taken as given (text or `true`).
   */
  read?: (value: never, name: string) => V;
  /** The value commander fills in when the flag is left out (only for settings no profile sets). */
  default?: V;
  /** The default as the docs say it (`1`, `cores − 1`, `the embedded service`). */
  defaultText?: string;
  /** `--tags a --tags b`: each use adds to a list. */
  repeatable?: boolean;
  /** Not listed in help or the docs' tables (still accepted, still suggested for typos). */
  hidden?: boolean;
  /**
   * Read with the run's other settings, so that every bad value of a run is named at once
   * (and the profile's and the web form's values go through the same check). Otherwise the
   * command line reads it when it parses the flag.
   */
  run?: boolean;
  /** The profile's field (snake_case) and its JSON Schema, when a profile can set it. */
  profile?: { key: string; schema: object };
  /** The web form's field (the setting's key) and its kind, when a new test from the page can change it. */
  web?: WebFieldKind;
  /** The long flag this one means nothing without (`--web-port` needs `--web`). */
  needs?: string;
}

/**
 * Declares a setting, keeping the literal types of its profile schema (for `FromSchema`)
 * and of what `read` returns (for the checked flags' types).
 * @example const users = setting({ flags: '-u, --users <n>', group: 'basics', doc: 'peak number of concurrent users' });
 */
export function setting<const S extends Setting>(declared: S): S {
  return declared;
}

/** A setting's value: what `read` returns, else the flag's text (a list when repeatable), else `true` for a switch. */
export type SettingValue<S> = S extends { read: (...args: never[]) => infer V }
  ? V
  : S extends { flags: `${string}<${string}` }
    ? S extends { repeatable: true }
      ? string[]
      : string
    : boolean;

/** A value as the command line, a profile or the web form hands it over, before `read`. */
export type RawSettingValue = string | number | boolean | readonly string[];

/** `--users` from `-u, --users <n>`. */
export function longFlag(setting: Pick<Setting, 'flags'>): string {
  const long = setting.flags.match(/--[a-z][a-z0-9-]*/);
  if (!long) throw new Error(`setting ${setting.flags} has no long flag`);
  return long[0];
}

/** The value's placeholder as help shows it (`<n>`, `[grace]`), or '' for a switch. */
export function flagArgument(setting: Pick<Setting, 'flags'>): string {
  return setting.flags.match(/[<[][^>\]]*[>\]]/)?.[0] ?? '';
}
