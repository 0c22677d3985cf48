import type { Context } from 'hono';
import { BadRequestError, SchemaError, UnsupportedMediaTypeError } from '../errors.ts';
import type { JSONSchema } from '../validation.ts';
import { validateBody } from '../validation.ts';
import { CONTROL_CHARACTER } from './request-edge.ts';

/** Deeper bodies are refused: no request schema nests beyond a few levels, and serializers recurse. */
const MAX_DEPTH = 32;

type Detail = SchemaError['detail'][number];

/** PostgreSQL jsonb refuses `\u0000` and lone UTF-16 surrogates (`"\ud800"` is valid JSON, invalid Unicode). */
function storableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/**
 * Values JSON can carry but the event store cannot keep faithfully: NUL characters and lone
 * surrogates (PostgreSQL jsonb refuses both), numbers that overflowed to ±Infinity (`1e400` would be
 * stored as null), and nesting deep enough to exhaust a recursive serializer. Walked
 * iteratively so the check itself cannot overflow the stack.
 */
function findUnstorable(root: unknown): Detail | undefined {
  const stack: { value: unknown; loc: (string | number)[] }[] = [{ value: root, loc: ['body'] }];
  while (stack.length > 0) {
    const { value, loc } = stack.pop()!;
    if (loc.length - 1 > MAX_DEPTH) {
      return {
        loc: ['body'],
        msg: `Input should be nested at most ${MAX_DEPTH} levels deep`,
        type: 'too_deep',
      };
    }
    if (typeof value === 'string' && !storableText(value)) {
      return { loc, msg: 'String should be valid Unicode without NUL characters', type: 'string_unicode' };
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return { loc, msg: 'Input should be a finite number', type: 'finite_number' };
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        stack.push({ value: item, loc: [...loc, i] });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!storableText(key)) {
          return { loc, msg: 'Keys should be valid Unicode without NUL characters', type: 'string_unicode' };
        }
        stack.push({ value: item, loc: [...loc, key] });
      }
    }
  }
  return undefined;
}

/** `application/json` or a `+json` type, any parameters; what a JSON endpoint reads. */
function isJsonType(contentType: string): boolean {
  const media = contentType.split(';')[0].trim().toLowerCase();
  return media === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(media);
}

/** An id-like field (`id`, `*_id`, `sku`) holding a control character: a CRLF in an id would reach logs and headers. */
function findControlInId(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const [key, item] of Object.entries(value)) {
      const idLike = key === 'id' || key.endsWith('_id') || key === 'sku';
      if (idLike && typeof item === 'string' && CONTROL_CHARACTER.test(item)) return key;
      if (typeof item === 'object') stack.push(item);
    }
  }
  return undefined;
}

/**
 * Reads the request body as JSON. A body sent as another content type (`text/plain`, a form)
 * is 415; with no Content-Type at all it is read as JSON (as lenient as ShopStream's clients
 * need). Malformed JSON and unstorable values are 422 with a FastAPI-style detail; a control
 * character in an id is 400; an empty body is `undefined` (the schema then reports the missing body).
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  const contentType = c.req.header('content-type');
  if (contentType !== undefined && !isJsonType(contentType)) throw new UnsupportedMediaTypeError(contentType);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw new SchemaError([{ loc: ['body'], msg: `JSON decode error: ${reason}`, type: 'json_invalid' }]);
  }
  const problem = findUnstorable(body);
  if (problem) throw new SchemaError([problem]);
  const id = findControlInId(body);
  if (id !== undefined) throw new BadRequestError(`${id} contains a control character`);
  return body;
}

/**
 * Reads and validates a body in one go; `optional` bodies may be empty (then `{}` with defaults).
 *
 * @example
 * const body = await parseBody<RegisterCustomer>(c, requestSchemas['POST /customers']);
 */
export async function parseBody<T>(
  c: Context,
  schema: JSONSchema,
  options: { optional?: boolean } = {},
): Promise<T> {
  const raw = await readJsonBody(c);
  if (raw === undefined) {
    if (options.optional) return validateBody<T>(schema, {});
    throw new SchemaError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
  }
  return validateBody<T>(schema, raw);
}
