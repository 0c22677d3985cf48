/**
 * Test support: a seeded generator of malformed and hostile request bodies, built from a
 * request schema so it can also start from a plausible body and break one thing in it.
 */

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: readonly Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
};

/** mulberry32: small, fast, good enough for test data, and the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value that most likely passes `schema` (used as the starting point of a mutation). */
export function plausible(schema: Schema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return plausible(schema.anyOf[0]);
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, plausible(s)]));
    case 'array':
      return schema.items ? [plausible(schema.items)] : [];
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'number':
      return Math.max(1.5, schema.minimum ?? 0);
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'date') return '2000-01-01';
      if (schema.format === 'date-time') return '2000-01-01T00:00:00Z';
      if (schema.pattern?.includes('@')) return 'a@example.com';
      if (schema.pattern === '^[A-Z]{3}$') return 'USD';
      return 'ABC-123'.slice(0, schema.maxLength ?? 7).padEnd(schema.minLength ?? 0, 'x');
    }
    default:
      return 'x';
  }
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  -0.5,
  2 ** 53 + 2,
  '',
  ' ',
  'x'.repeat(300),
  [],
  [1, 'two', null],
  {},
  { nested: { deeper: [1] } },
  '\ud800',
  '‮rtl',
  '😀'.repeat(100),
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  '%00',
];

const BROKEN_JSON = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":undefined}',
  '[1,2',
  '\u0000',
  '\ufeff{}',
  'true false',
  '{"a":"\\x41"}',
  '{"a":"unterminated}',
  '<xml/>',
  '\u00ff\u00fe',
];

const NON_OBJECTS = ['[]', '[{}]', '"string"', '123', '-1.5', 'null', 'true', '""'];

/** `base` with one more member written as raw JSON text (last, so it wins over a same-named one). */
function withRaw(base: Record<string, unknown>, key: string, raw: string): string {
  const inner = JSON.stringify(base).slice(1, -1);
  return `{${inner}${inner ? ',' : ''}${JSON.stringify(key)}:${raw}}`;
}

export interface HostileBody {
  kind: string;
  /** The raw request body text. */
  text: string;
}

/**
 * One hostile body for `schema`, chosen by `random`: broken JSON, a non-object, a field of the
 * wrong type, a missing required field, a huge string, deep nesting, prototype-pollution keys,
 * unstorable values (NUL, 1e400) or junk extra fields.
 */
export function hostileBody(schema: Schema, random: () => number): HostileBody {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const base = (plausible(schema) ?? {}) as Record<string, unknown>;
  const fields = Object.keys(schema.properties ?? {});
  const field = fields.length > 0 ? pick(fields) : 'field';
  const kinds = [
    'broken-json',
    'non-object',
    'wrong-type',
    'missing-required',
    'huge-string',
    'deep-nesting',
    'proto-pollution',
    'unstorable',
    'junk-extras',
    'wrong-type-everywhere',
  ] as const;
  const kind = pick(kinds);
  switch (kind) {
    case 'broken-json':
      return {
        kind,
        text:
          random() < 0.5 ? pick(BROKEN_JSON) : JSON.stringify(base).slice(0, -1 - Math.floor(random() * 5)),
      };
    case 'non-object':
      return { kind, text: pick(NON_OBJECTS) };
    case 'wrong-type':
      return { kind, text: JSON.stringify({ ...base, [field]: pick(WRONG_VALUES) }) };
    case 'missing-required': {
      const copy = { ...base };
      for (const name of schema.required ?? []) if (random() < 0.6) delete copy[name];
      return { kind, text: JSON.stringify(copy) };
    }
    case 'huge-string':
      return {
        kind,
        text: JSON.stringify({ ...base, [field]: 'y'.repeat(50_000 + Math.floor(random() * 400_000)) }),
      };
    case 'deep-nesting': {
      const depth = 50 + Math.floor(random() * 20_000);
      const nested =
        random() < 0.5
          ? `${'['.repeat(depth)}${']'.repeat(depth)}`
          : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      return { kind, text: `{"${field}":${nested}}` };
    }
    case 'proto-pollution': {
      const key = pick(['__proto__', 'constructor', 'prototype']);
      return { kind, text: withRaw(base, key, '{"polluted":true,"prototype":{"polluted":true}}') };
    }
    case 'unstorable':
      return {
        kind,
        text:
          random() < 0.5
            ? JSON.stringify({ ...base, [field]: 'nul\u0000byte' })
            : withRaw(base, field, '1e400'),
      };
    case 'junk-extras':
      return {
        kind,
        text: JSON.stringify({
          ...base,
          ['k'.repeat(1000)]: 1,
          '': null,
          '\u202e': [],
          $where: 'sleep(1000)',
        }),
      };
    case 'wrong-type-everywhere':
      return { kind, text: JSON.stringify(Object.fromEntries(fields.map((f) => [f, pick(WRONG_VALUES)]))) };
  }
}
