import {
  Ajv,
  type ErrorObject,
  type KeywordDefinition,
  type SchemaValidateFunction,
  type ValidateFunction,
} from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JSONSchema } from 'json-schema-to-ts';
import { SchemaError } from './errors.ts';

export type { FromSchema, JSONSchema } from 'json-schema-to-ts';

type Detail = SchemaError['detail'][number];

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** A decimal as ShopStream's clients write coordinates: `"39.7817"`, `"-104.9"`, no exponent or spaces. */
const DECIMAL_TEXT = /^[-+]?\d{1,3}(?:\.\d{1,15})?$/;

/**
 * The `coordinate` keyword (`{ type: ['string', 'number'], coordinate: 90 }`): a number, or a
 * decimal string as ShopStream sends `geo_lat` ("39.7817"), within ±limit. JSON Schema alone
 * cannot range-check a number written as text, and a pair of `anyOf` branches would report
 * both branches' errors for one wrong value.
 *
 * @example
 * new Ajv().addKeyword(coordinateKeyword()); // as the generators' strict checker does too
 */
export function coordinateKeyword(): KeywordDefinition {
  const validate: SchemaValidateFunction = (limit: number, data: unknown) => {
    const value =
      typeof data === 'number' ? data : DECIMAL_TEXT.test(String(data)) ? Number(data) : Number.NaN;
    if (value >= -limit && value <= limit) return true;
    validate.errors = [{ keyword: 'coordinate', params: { limit }, message: `must be within ±${limit}` }];
    return false;
  };
  return { keyword: 'coordinate', type: ['string', 'number'], schemaType: 'number', errors: true, validate };
}

/**
 * One ajv for every request schema. `removeAdditional: true` drops fields a schema does not
 * name where it says `additionalProperties: false`: like FastAPI (pydantic's default
 * `extra="ignore"`) unknown fields are ignored rather than refused, and they never reach a
 * command — `__proto__` or `constructor` keys included. `useDefaults` fills documented
 * defaults (`currency: "USD"`, `shipping_cost: 0`).
 */
// allowUnionTypes: coordinates are `['string', 'number']`.
const ajv = new Ajv({
  allErrors: true,
  removeAdditional: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
});
addFormats(ajv);
ajv.addKeyword(coordinateKeyword());
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: JSONSchema): ValidateFunction {
  const key = schema as object;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema as object);
    compiled.set(key, validate);
  }
  return validate;
}

function list(values: readonly unknown[]): string {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

/** Pydantic v2's wording and error types, so clients written for ShopStream read the same detail. */
function describe(error: ErrorObject): Pick<Detail, 'msg' | 'type'> {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { msg: 'Field required', type: 'missing' };
    case 'dependencies':
    case 'dependentRequired':
      return { msg: `Field required when '${p.property}' is given`, type: 'missing' };
    case 'type': {
      const types: Record<string, Pick<Detail, 'msg' | 'type'>> = {
        string: { msg: 'Input should be a valid string', type: 'string_type' },
        integer: { msg: 'Input should be a valid integer', type: 'int_type' },
        number: { msg: 'Input should be a valid number', type: 'float_type' },
        boolean: { msg: 'Input should be a valid boolean', type: 'bool_type' },
        object: { msg: 'Input should be a valid dictionary', type: 'dict_type' },
        array: { msg: 'Input should be a valid list', type: 'list_type' },
      };
      return types[String(p.type).split(',')[0]] ?? { msg: `Input should be ${p.type}`, type: 'type_error' };
    }
    case 'maxLength':
      return { msg: `String should have at most ${p.limit} characters`, type: 'string_too_long' };
    case 'minLength':
      return { msg: `String should have at least ${p.limit} characters`, type: 'string_too_short' };
    case 'pattern':
      return { msg: `String should match pattern '${p.pattern}'`, type: 'string_pattern_mismatch' };
    case 'enum':
      return { msg: `Input should be ${list(p.allowedValues as unknown[])}`, type: 'enum' };
    case 'const':
      return { msg: `Input should be ${list([p.allowedValue])}`, type: 'literal_error' };
    case 'minimum':
      return { msg: `Input should be greater than or equal to ${p.limit}`, type: 'greater_than_equal' };
    case 'exclusiveMinimum':
      return { msg: `Input should be greater than ${p.limit}`, type: 'greater_than' };
    case 'maximum':
      return { msg: `Input should be less than or equal to ${p.limit}`, type: 'less_than_equal' };
    case 'exclusiveMaximum':
      return { msg: `Input should be less than ${p.limit}`, type: 'less_than' };
    case 'maxItems':
      return { msg: `List should have at most ${p.limit} items`, type: 'too_long' };
    case 'minItems':
      return { msg: `List should have at least ${p.limit} items`, type: 'too_short' };
    case 'maxProperties':
      return { msg: `Dictionary should have at most ${p.limit} items`, type: 'too_long' };
    case 'coordinate':
      return {
        msg: `Input should be a number from -${p.limit} to ${p.limit}, or a decimal string such as "39.7817"`,
        type: 'value_error',
      };
    case 'format':
      if (p.format === 'date')
        return { msg: 'Input should be a valid date', type: 'date_from_datetime_parsing' };
      if (p.format === 'email') return { msg: 'value is not a valid email address', type: 'value_error' };
      return { msg: `Input should be a valid ${p.format}`, type: 'value_error' };
    default:
      return { msg: error.message ?? 'Invalid value', type: 'value_error' };
  }
}

/** `/items/0/quantity` → `['body', 'items', 0, 'quantity']`; missing fields name the field itself. */
function locOf(error: ErrorObject): Detail['loc'] {
  const loc: Detail['loc'] = ['body'];
  for (const part of error.instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    loc.push(/^\d+$/.test(key) ? Number(key) : key);
  }
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (missing !== undefined) loc.push(missing);
  return loc;
}

/**
 * A required text field of a request schema: 1 to `maxLength` characters (never empty).
 *
 * @example
 * const schema = { type: 'object', properties: { name: requiredText(100) }, required: ['name'] } as const;
 */
export const requiredText = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

/**
 * Checks a parsed JSON body against a request schema and returns it typed; a body that does
 * not match throws SchemaError (422) listing every problem FastAPI-style.
 *
 * @example
 * const body = validateBody<FromSchema<typeof schema>>(schema, await readJsonBody(c));
 */
export function validateBody<T>(schema: JSONSchema, body: unknown): T {
  const validate = compile(schema);
  if (validate(body)) return body as T;
  const detail = (validate.errors ?? []).map((error) => ({ loc: locOf(error), ...describe(error) }));
  throw new SchemaError(detail);
}
