/**
 * Validates a profile against its JSON Schema and turns ajv's errors into sentences a
 * person can act on — `users: must be an integer (got "ten")`, `unknown field "spwan_rate"
 * (did you mean "spawn_rate"?)` — each with the path of the field it is about.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { closestName } from '../closest-name.ts';
import { parseDuration } from './duration.ts';
import { profileSchema } from './schema.ts';
import { type FieldPath, fieldName } from './yaml-locations.ts';

export interface SchemaProblem {
  path: FieldPath;
  message: string;
  /** Point at the key rather than the value (an unknown or misplaced field). */
  atKey?: boolean;
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** Every schema problem of `data`, in document order. */
export function schemaProblems(data: unknown): SchemaProblem[] {
  validate ??= new Ajv({ allErrors: true, verbose: true }).compile(profileSchema);
  if (validate(data)) return [];
  const kept: ErrorObject[] = [];
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'anyOf') {
      // The failed branches came just before; the one anyOf line says it better than each branch.
      while (kept.length > 0 && isWithin(kept[kept.length - 1].instancePath, error.instancePath)) kept.pop();
    }
    if (error.keyword === 'propertyNames') {
      while (kept.length > 0 && kept[kept.length - 1].propertyName !== undefined) kept.pop();
    }
    kept.push(error);
  }
  return kept.map((error) => describe(error, data));
}

function isWithin(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function describe(error: ErrorObject, root: unknown): SchemaProblem {
  const path = pathOf(error.instancePath, root);
  const field = fieldName(path) || 'profile';
  const nested = path.length > 0;
  const got = show(error.data);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const expected = nested ? article(String(params.type)) : 'a mapping of fields (name: …, users: …)';
      return { path, message: `${field}: must be ${expected} (got ${got})` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
      return {
        path,
        message: `${field}: must be ${comparisons[String(params.comparison)]} ${params.limit} (got ${got})`,
      };
    case 'pattern':
      return {
        path,
        message: `${field}: ${patternMessages[field] ?? `must match ${params.pattern}`} (got ${got})`,
      };
    case 'required': {
      // A stage needs users (closed model) unless it sets arrival_rate (open model).
      const open = error.schemaPath.endsWith('/then/required')
        ? ' (or "arrival_rate", for the open model)'
        : '';
      const message = `missing required field "${params.missingProperty}"${open}`;
      return { path, message: nested ? `${field}: ${message}` : message };
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const guess = closestName(name, known);
      const message = `unknown field "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
      return { path: [...path, name], message: nested ? `${field}: ${message}` : message, atKey: true };
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return {
        path: [...path, name],
        message: `${field}: "${name}" is not a class name (use the exported class's name, like FlashSaleUser)`,
        atKey: true,
      };
    }
    case 'false schema': {
      const parts = error.schemaPath.split('/');
      const other = parts[parts.indexOf('dependencies') + 1];
      return {
        path,
        message: `${field}: cannot be combined with ${other} (${exclusionReasons[other]})`,
        atKey: true,
      };
    }
    case 'anyOf':
      return { path, message: `${field}: ${alternativesMessage(error, field)}` };
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return { path, message: `${field}: must not be empty` };
    case 'uniqueItems':
      return { path, message: `${field}: lists ${show((error.data as unknown[])[Number(params.i)])} twice` };
    default:
      return { path, message: `${field}: ${error.message} (got ${got})` };
  }
}

const comparisons: Record<string, string> = {
  '>=': 'at least',
  '>': 'more than',
  '<=': 'at most',
  '<': 'less than',
};

const patternMessages: Record<string, string> = {
  name: 'must be lowercase letters, digits and dashes, like "flash-sale"',
  host: 'must be an http:// or https:// URL, like "http://127.0.0.1:8000"',
};

const exclusionReasons: Record<string, string> = {
  stages: 'each stage sets its own users, spawn_rate and duration',
  arrival_rate: 'the open model starts journeys at a rate, not users; cap the users in flight with max_users',
  max_users: 'max_users caps the open model, where the closed model sets users',
};

function alternativesMessage(error: ErrorObject, field: string): string {
  const data: unknown = error.data;
  const isDuration = error.schemaPath.startsWith('#/definitions/duration/');
  // A value that tries to be a duration gets parseDuration's own account of what is wrong with it.
  const triesDuration = typeof data === 'number' || (typeof data === 'string' && /\d/.test(data));
  if ((isDuration || error.schemaPath.startsWith('#/properties/abort_on_threshold/')) && triesDuration) {
    try {
      parseDuration(data as string | number, field);
    } catch (durationError) {
      return (durationError as Error).message.slice(field.length + 2);
    }
  }
  const expected: Record<string, string> = {
    '#/definitions/duration/anyOf': 'must be a duration like 15s, 2m, 1h30m or a number of seconds ≥ 0',
    '#/definitions/userClassShare/anyOf':
      'must be a weight (a number > 0), { weight: n > 0 } or { count: n ≥ 1 }',
    '#/properties/arrival_rate/anyOf':
      'must be journeys per second (a number > 0) or { rate: n, max_users: n }',
    '#/properties/abort_on_threshold/anyOf': 'must be true, false or a grace duration like 30s',
  };
  return `${expected[error.schemaPath] ?? error.message} (got ${show(data)})`;
}

/** The JSON pointer as keys and array indexes, telling one from the other by the data it points into. */
function pathOf(pointer: string, root: unknown): FieldPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const index = Array.isArray(node) ? Number(segment) : undefined;
    path.push(index ?? segment);
    node = (node as Record<string, unknown> | undefined)?.[segment];
  }
  return path;
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    boolean: 'true or false',
  };
  return words[type] ?? (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  if (typeof value !== 'object' || json.length <= 40) return json;
  return Array.isArray(value) ? 'a list' : 'a mapping';
}
