import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JourneyClass } from '../api/journey.ts';
import { type Task, User, type UserClass } from '../api/user.ts';
import { journeyKindOf, type PlannedJourney, plannedNameOf } from '../engine/journey-plan.ts';
import { type ErrorCode, RunnerError } from '../errors.ts';
import type { HttpClient } from '../http/client.ts';
import { journeyProblems, waitTimeProblem } from './class-shape.ts';
import { moduleFiles } from './module-files.ts';
import { commonJsProblem } from './module-format.ts';
import { syntaxErrorSite } from './syntax-error-site.ts';

/** One entry of a user class's `journeys`. */
export type DiscoveredJourney = PlannedJourney;

/** A runnable user class found in a module. */
export interface DiscoveredUser {
  name: string;
  weight: number;
  fixedCount: number;
  host: string;
  journeys: DiscoveredJourney[];
  /** Absolute path of the module that exports it. */
  module: string;
  userClass: UserClass;
}

/** Every problem found in the user modules; `problems` has one line each and `errors` one error each. */
export class UserModulesInvalid extends RunnerError {
  readonly errors: readonly RunnerError[];

  constructor(errors: readonly RunnerError[]) {
    const lines = errors.map((error) => `${error.where}: ${error.message} [${error.code}]`);
    super(errors.length === 1 ? errors[0].message : `${errors.length} problems in the user modules`, {
      code: errors.length === 1 ? errors[0].code : 'USER_MODULES_INVALID',
      where: errors.length === 1 ? errors[0].where : undefined,
      problems: lines,
    });
    this.errors = errors;
  }
}

/** Journeys cannot be listed without an instance; this client refuses any request made while listing. */
const LISTING_CLIENT: HttpClient = new Proxy({} as HttpClient, {
  get: () => () => Promise.reject(new Error('no requests while user classes are being listed')),
});

/**
 * Imports user modules (files, or folders of `.ts` files) and lists their runnable user
 * classes: exported `User` subclasses that do not declare `static isAbstract = true`.
 *
 * @throws UserModulesInvalid listing every problem (import error, no user classes,
 *   duplicate class names, bad journey entries or weights), each naming file and class.
 * @example
 * const { users, modules } = await discoverUserClasses(['users/']);
 */
export async function discoverUserClasses(
  paths: readonly string[] = ['users'],
): Promise<{ users: DiscoveredUser[]; modules: string[] }> {
  const { files, explicit, missing } = await moduleFiles(paths);
  const errors = missing.map(
    ({ path, reason }) => new RunnerError(reason, { code: 'USER_MODULE_NOT_FOUND', where: path }),
  );
  const users: DiscoveredUser[] = [];
  const seen = new Set<UserClass>();
  /** Class names by file, to name both files of a duplicate. */
  const definedIn = new Map<string, Set<string>>();
  const modules: string[] = [];
  for (const file of files) {
    const where = relative(process.cwd(), file) || file;
    const commonJs = await commonJsProblem(file);
    if (commonJs) {
      errors.push(commonJs);
      continue;
    }
    let exports: Record<string, unknown>;
    try {
      exports = await import(pathToFileURL(file).href);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      // A syntax error is named where it is (file:line:column), which may be a file the module imports.
      const site = syntaxErrorSite(error);
      const position = site && `:${site.line}${site.column === undefined ? '' : `:${site.column}`}`;
      const at = !site
        ? where
        : site.file === file
          ? `${where}${position}`
          : `${relative(process.cwd(), site.file) || site.file}${position}, imported by ${where}`;
      errors.push(
        new RunnerError(`cannot import: ${message}`, {
          code: 'USER_MODULE_IMPORT_FAILED',
          where: at,
          cause: error,
        }),
      );
      continue;
    }
    let subclasses = 0;
    for (const value of Object.values(exports)) {
      if (!isUserSubclass(value)) continue;
      subclasses++;
      const userClass = value as UserClass;
      if (Object.hasOwn(userClass, 'isAbstract') && userClass.isAbstract) continue;
      if (seen.has(userClass)) continue;
      seen.add(userClass);
      const twin = files.find((other) => other !== file && definedIn.get(other)?.has(userClass.name));
      if (twin !== undefined) {
        const other = relative(process.cwd(), twin);
        errors.push(
          new RunnerError(`user class ${userClass.name} is also defined in ${other}`, {
            code: 'USER_CLASS_DUPLICATE',
            where,
            hint: 'give each user class its own name',
          }),
        );
        continue;
      }
      definedIn.set(file, (definedIn.get(file) ?? new Set()).add(userClass.name));
      const discovered = describeUserClass(userClass, file, where, errors);
      if (discovered === undefined) continue;
      users.push(discovered);
      if (!modules.includes(file)) modules.push(file);
    }
    if (subclasses === 0 && explicit.has(file)) {
      errors.push(new RunnerError('exports no User class', { code: 'USER_CLASSES_NONE', where }));
    }
  }
  if (users.length === 0 && errors.length === 0) {
    errors.push(
      new RunnerError('no User classes found', { code: 'USER_CLASSES_NONE', where: paths.join(', ') }),
    );
  }
  if (errors.length > 0) throw new UserModulesInvalid(errors);
  return { users, modules };
}

function isUserSubclass(value: unknown): boolean {
  return typeof value === 'function' && value !== User && value.prototype instanceof User;
}

/** Reads a class's statics and its journeys (from a throwaway instance); pushes problems into `errors`. */
function describeUserClass(
  userClass: UserClass,
  file: string,
  where: string,
  errors: RunnerError[],
): DiscoveredUser | undefined {
  const name = userClass.name;
  const before = errors.length;
  const problem = (message: string, code: ErrorCode) =>
    errors.push(new RunnerError(`${name}: ${message}`, { code, where }));
  const { weight, fixedCount, host } = userClass;
  if (!(Number.isInteger(fixedCount) && fixedCount >= 0))
    problem(`fixedCount ${fixedCount} is not a whole number >= 0`, 'USER_FIXED_COUNT_INVALID');
  if (!(Number.isFinite(weight) && (weight > 0 || fixedCount > 0)))
    problem(`weight ${weight} must be > 0`, 'USER_WEIGHT_INVALID');
  let instance: User;
  try {
    instance = new userClass({
      client: LISTING_CLIENT,
      host: host || 'http://127.0.0.1',
      id: -1,
      seed: 0,
      testData: {},
    });
  } catch (error) {
    problem(
      `constructor failed: ${error instanceof Error ? error.message : String(error)}`,
      'USER_CONSTRUCTOR_FAILED',
    );
    return undefined;
  }
  const journeys: DiscoveredJourney[] = [];
  const entries: unknown = instance.journeys;
  if (!Array.isArray(entries) || entries.length === 0) problem('has no journeys', 'USER_NO_JOURNEYS');
  for (const [index, entry] of (Array.isArray(entries) ? entries : []).entries()) {
    const [target, journeyWeight] = Array.isArray(entry) ? entry : [entry, undefined];
    const kind = journeyKindOf(target);
    const label = `journeys[${index}]`;
    if (kind === undefined) {
      problem(`${label} is neither a Journey subclass nor a function`, 'USER_JOURNEY_INVALID');
      continue;
    }
    const journeyName = plannedNameOf(target as JourneyClass | Task);
    if (!(typeof journeyWeight === 'number' && Number.isFinite(journeyWeight) && journeyWeight > 0)) {
      problem(
        `${label} (${journeyName}) has weight ${journeyWeight}; it must be > 0`,
        'USER_JOURNEY_WEIGHT_INVALID',
      );
      continue;
    }
    const tags = (target as { tags?: unknown }).tags;
    journeys.push({
      name: journeyName,
      weight: journeyWeight,
      tags: Array.isArray(tags) ? tags : [],
      kind,
      target: target as JourneyClass | Task,
    });
  }
  const wait = waitTimeProblem((instance as { waitTime?: unknown }).waitTime);
  if (wait) problem(wait, 'USER_WAIT_TIME_INVALID');
  const journeyClasses = new Set(
    journeys.filter((journey) => journey.kind === 'journey').map((journey) => journey.target as JourneyClass),
  );
  for (const journeyClass of journeyClasses) {
    for (const message of journeyProblems(journeyClass, instance)) problem(message, 'JOURNEY_STEPS_INVALID');
  }
  if (errors.length > before) return undefined;
  return { name, weight, fixedCount, host, journeys, module: file, userClass };
}
