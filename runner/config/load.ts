/**
 * Reads a profile YAML file and checks everything about it before a run starts: YAML
 * syntax, the schema, durations and threshold expressions. Every problem is reported at
 * once, one line each, naming file, line and field.
 */
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { RunnerError } from '../errors.ts';
import { parseThreshold } from '../thresholds/parse.ts';
import { parseDuration } from './duration.ts';
import { ProfileError } from './errors.ts';
import type { Profile } from './schema.ts';
import { schemaProblems } from './schema-problems.ts';
import { type FieldPath, lineOf } from './yaml-locations.ts';

export { parseDuration } from './duration.ts';
export { resolveRunConfig } from './run-config.ts';

/** `profiles/` of the project the command runs in (the working directory), as `users/` is. */
export const defaultProfilesDir = resolve('profiles');

export interface LoadProfileOptions {
  /** Where bare names are looked up; default: the project's `profiles/`. */
  profilesDir?: string;
}

/**
 * Loads a profile by name (`smoke` → `profiles/smoke.yaml`) or by path (relative to the
 * working directory). Throws `ProfileError` listing every problem, or `RunnerError`
 * `PROFILE_NOT_FOUND`.
 * @example const profile = await loadProfile('flash-sale'); // profile.users === 50
 */
export async function loadProfile(nameOrPath: string, options: LoadProfileOptions = {}): Promise<Profile> {
  const profilesDir = options.profilesDir ?? defaultProfilesDir;
  const file = resolve(profilePath(nameOrPath, options));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const names = (await listProfiles({ profilesDir })).map((entry) => entry.name);
    throw new RunnerError(`profile "${nameOrPath}" not found`, {
      code: 'PROFILE_NOT_FOUND',
      where: displayPath(file),
      hint:
        names.length > 0 ? `available: ${names.join(', ')}` : 'give a profile name or a path to a .yaml file',
    });
  }
  return parseProfile(text, displayPath(file));
}

/**
 * The file a profile name or path stands for, as messages name it (relative to the working
 * directory when under it).
 * @example profilePath('smoke') // 'profiles/smoke.yaml'
 */
export function profilePath(nameOrPath: string, options: LoadProfileOptions = {}): string {
  const profilesDir = options.profilesDir ?? defaultProfilesDir;
  return displayPath(
    isBareName(nameOrPath) ? resolve(profilesDir, `${nameOrPath}.yaml`) : resolve(nameOrPath),
  );
}

/**
 * Checks a profile's text; `file` is only used in messages.
 * @example parseProfile('name: smoke\nusers: 5\n', 'smoke.yaml')
 */
export function parseProfile(text: string, file: string): Profile {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: { line: number; text: string }[] = [];
  const brokenLines = new Set<number>();
  for (const error of document.errors) {
    const start = lineCounter.linePos(error.pos[0]);
    const end = lineCounter.linePos(error.pos[1]);
    for (let line = start.line; line <= end.line; line++) brokenLines.add(line);
    problems.push({
      line: start.line,
      text: `${file}:${start.line}:${start.col}: bad YAML: ${firstLine(error.message)}`,
    });
  }
  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // yaml refuses to expand an alias bomb (billion laughs) with a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    throw new ProfileError(file, [
      `${file}: bad YAML: ${firstLine(error.message)} — write the values out instead of nesting aliases`,
    ]);
  }
  const report = (path: FieldPath, message: string, atKey?: boolean) => {
    const line = lineOf(document, lineCounter, path, atKey);
    // A line the YAML parser could not read yields a guessed structure; its schema errors would only confuse.
    if (!brokenLines.has(line)) problems.push({ line, text: `${file}:${line}: ${message}` });
  };
  for (const problem of schemaProblems(data)) report(problem.path, problem.message, problem.atKey);
  checkValues(data, report);
  if (problems.length > 0) {
    throw new ProfileError(
      file,
      problems.sort((a, b) => a.line - b.line).map((problem) => problem.text),
    );
  }
  return data as Profile;
}

/**
 * What the schema cannot say: a run of zero seconds, threshold expressions. Runs beside
 * the schema's problems (on the values that passed it) so one pass reports everything.
 */
function checkValues(
  data: unknown,
  report: (path: FieldPath, message: string, atKey?: boolean) => void,
): void {
  if (data === null || typeof data !== 'object') return;
  const { duration, thresholds } = data as Record<string, unknown>;
  if ((typeof duration === 'string' || typeof duration === 'number') && secondsOrUndefined(duration) === 0) {
    report(['duration'], 'duration: must be more than 0 seconds (leave it out to run until Ctrl-C)');
  }
  checkLoadModel(data as Record<string, unknown>, report);
  if (!Array.isArray(thresholds)) return;
  thresholds.forEach((expression: unknown, index) => {
    if (typeof expression !== 'string' || expression === '') return;
    try {
      parseThreshold(expression, `thresholds[${index}]`);
    } catch (error) {
      if (!(error instanceof RunnerError)) throw error;
      report(['thresholds', index], error.message);
    }
  });
}

/**
 * One load model per run: stages all closed (`users`) or all open (`arrival_rate`), and
 * `max_users` only with the open model, given once.
 */
function checkLoadModel(
  data: Record<string, unknown>,
  report: (path: FieldPath, message: string, atKey?: boolean) => void,
): void {
  const stages = Array.isArray(data.stages) ? (data.stages as unknown[]) : [];
  const isOpen = (stage: unknown) => stage !== null && typeof stage === 'object' && 'arrival_rate' in stage;
  const sets = (stage: unknown) =>
    stage !== null && typeof stage === 'object' && ('users' in stage || 'arrival_rate' in stage);
  const first = stages.findIndex(sets);
  stages.forEach((stage, index) => {
    if (stage !== null && typeof stage === 'object' && !sets(stage)) {
      report(
        ['stages', index],
        `stages[${index}]: missing required field "users" (or "arrival_rate", for the open model)`,
      );
    }
    if (index <= first || !sets(stage)) return;
    if (isOpen(stage) !== isOpen(stages[first])) {
      const [own, other] = isOpen(stage) ? ['arrival_rate', 'users'] : ['users', 'arrival_rate'];
      report(
        ['stages', index],
        `stages[${index}]: sets ${own} but stages[${first}] sets ${other}: a run is either closed (users) or open (arrival_rate)`,
      );
    }
  });
  if (data.max_users === undefined) return;
  const arrivalRate = data.arrival_rate;
  if (arrivalRate !== null && typeof arrivalRate === 'object' && 'max_users' in arrivalRate) {
    report(['max_users'], 'max_users: given twice (here and as arrival_rate.max_users); keep one', true);
  } else if (arrivalRate === undefined && !(first >= 0 && isOpen(stages[first]))) {
    report(
      ['max_users'],
      'max_users: only for the open model (arrival_rate, or stages with arrival_rate); the closed model sets users',
      true,
    );
  }
}

function secondsOrUndefined(duration: string | number): number | undefined {
  try {
    return parseDuration(duration, 'duration');
  } catch {
    return undefined;
  }
}

/** Profiles in a directory (`*.yaml`), with their descriptions, for `journeys list` and hints. */
export async function listProfiles(
  options: LoadProfileOptions = {},
): Promise<{ name: string; file: string; description?: string }[]> {
  const profilesDir = options.profilesDir ?? defaultProfilesDir;
  const entries = await readdir(profilesDir).catch(() => [] as string[]);
  const names = entries.filter((entry) => entry.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (entry) => {
      const file = resolve(profilesDir, entry);
      const document = parseDocument(await readFile(file, 'utf8'));
      // Only the description is wanted here: a profile that does not expand (an alias bomb) is validate's to report.
      const parsed = (
        document.get('description') === undefined ? null : { description: document.get('description') }
      ) as {
        description?: unknown;
      } | null;
      const description = typeof parsed?.description === 'string' ? parsed.description : undefined;
      return { name: entry.slice(0, -'.yaml'.length), file, ...(description ? { description } : {}) };
    }),
  );
}

function isBareName(nameOrPath: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(nameOrPath);
}

/** Paths under the working directory are shown relative to it, as users typed them. */
function displayPath(file: string): string {
  const shown = relative(process.cwd(), file);
  return shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
