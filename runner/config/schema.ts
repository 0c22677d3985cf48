/**
 * The JSON Schema of a profile YAML file — the one source of truth: ajv validates with it,
 * `Profile` is derived from it (FromSchema), and `profiles/profile.schema.json` is this
 * object written out for editors (`npx node runner/config/write-schema.ts`; a test keeps
 * the two equal).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { DURATION_PATTERN } from './duration.ts';
import type { Setting } from './setting.ts';
import { type Settings, settings } from './settings.ts';

export { DURATION_PATTERN } from './duration.ts';
export { HOST_PATTERN } from './setting-values.ts';

/** The profile fields the settings table declares (settings.ts); `service.*` ones are grouped below. */
type SettingProperties = {
  [K in keyof Settings as Settings[K] extends { profile: { key: infer P extends string } }
    ? P extends `${string}.${string}`
      ? never
      : P
    : never]: Settings[K] extends { profile: { schema: infer S } } ? S : never;
};

/** A field's description: the setting's line, its flag, its default. */
function describe(declared: Setting): string {
  const line = declared.doc.charAt(0).toUpperCase() + declared.doc.slice(1);
  const flag = declared.flags.split(/[ ,]/)[0];
  return `${line} (\`${flag}\`).${declared.defaultText ? ` Default: ${declared.defaultText}.` : ''}`;
}

function settingProperties(): SettingProperties {
  const properties: Record<string, object> = {};
  for (const declared of Object.values(settings) as Setting[]) {
    if (!declared.profile || declared.profile.key.includes('.')) continue;
    properties[declared.profile.key] = { description: describe(declared), ...declared.profile.schema };
  }
  return properties as SettingProperties;
}

export const profileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'journeys load profile',
  description:
    'A load profile for `journeys run --profile <name>`: which users run, how many, for how long, and the thresholds the run must meet. CLI flags override every field.',
  type: 'object',
  properties: {
    name: {
      description: 'Profile name, used in result folder names (`results/<name>-<UTC time>/`).',
      type: 'string',
      pattern: '^[a-z0-9-]+$',
    },
    description: { description: 'What this profile is for, shown by `journeys list`.', type: 'string' },
    user_classes: {
      description:
        'User classes to run (positional class names on the CLI override it): class name -> weight, `{ weight: n }` or `{ count: n }` (exactly n users, started first). Left out: every class of the users module, with its own static weight.',
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z_$][A-Za-z0-9_$]*$' },
      additionalProperties: { $ref: '#/definitions/userClassShare' },
      minProperties: 1,
    },
    stages: {
      description:
        "Instead of users/spawn_rate/duration: stages run one after another. Closed model (Locust LoadTestShape, k6 ramping-vus): each lasts `duration`, ramping from the previous level to `users` at `spawn_rate` (default: evenly over the stage). Open model (k6 ramping-arrival-rate): each stage sets `arrival_rate` instead, reached linearly over `duration` from the previous stage's rate (0 before the first).",
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          duration: { allOf: [{ $ref: '#/definitions/duration' }], description: 'Length of this stage.' },
          users: { description: 'Closed model: users to reach in this stage.', type: 'integer', minimum: 0 },
          spawn_rate: {
            description:
              'Closed model: users started or stopped per second. Default: spread evenly over the stage.',
            type: 'number',
            exclusiveMinimum: 0,
          },
          arrival_rate: {
            description:
              'Open model: journeys started per second at the end of this stage, ramped linearly from the previous stage (0 before the first). A stage of duration 0 jumps at once.',
            type: 'number',
            minimum: 0,
          },
        },
        // Each stage needs users (closed) or arrival_rate (open): checked beside the schema (load.ts),
        // which says so in one line where JSON Schema would need an anyOf of two required lists.
        required: ['duration'],
        dependencies: { arrival_rate: { properties: { users: false, spawn_rate: false } } },
        additionalProperties: false,
      },
    },
    required_invariants: {
      description:
        'Invariants this profile must exercise: one that reports `NOT EXERCISED` (or does not run) fails the run.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    service: {
      description:
        'How the embedded service is started when no host is given: `database` (a PostgreSQL URL, `?schema=NAME` for a schema; default in-memory PGlite) and `workers` (cluster workers, PostgreSQL only). `--service-database`, `--service-workers`.',
      type: 'object',
      properties: {
        database: settings.serviceDatabase.profile.schema,
        workers: settings.serviceWorkers.profile.schema,
      },
      additionalProperties: false,
    },
    ...settingProperties(),
  },
  required: ['name'],
  additionalProperties: false,
  // Stages and the open model each set the load themselves; mixing them with the closed model's fields is a mistake.
  dependencies: {
    stages: { properties: { users: false, spawn_rate: false, duration: false, arrival_rate: false } },
    arrival_rate: { properties: { users: false, spawn_rate: false } },
    max_users: { properties: { users: false, spawn_rate: false } },
    limit_step: ['find_limit'],
    limit_step_time: ['find_limit'],
    shape: { properties: { find_limit: false } },
  },
  definitions: {
    duration: {
      anyOf: [
        { type: 'string', pattern: DURATION_PATTERN },
        { type: 'number', minimum: 0 },
      ],
    },
    userClassShare: {
      anyOf: [
        { type: 'number', exclusiveMinimum: 0 },
        {
          type: 'object',
          properties: { weight: { type: 'number', exclusiveMinimum: 0 } },
          required: ['weight'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { count: { type: 'integer', minimum: 1 } },
          required: ['count'],
          additionalProperties: false,
        },
      ],
    },
    tagList: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true },
  },
} as const;

/** A profile as written in YAML (snake_case fields, durations not yet parsed). */
export type Profile = FromSchema<typeof profileSchema>;
