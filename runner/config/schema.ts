/**
 * The JSON Schema of a profile YAML file — the one source of truth: ajv validates with it,
 * `Profile` is derived from it (FromSchema), and `profiles/profile.schema.json` is this
 * object written out for editors (`npx node runner/config/write-schema.ts`; a test keeps
 * the two equal).
 */
import type { FromSchema } from 'json-schema-to-ts';

/**
 * Locust's timespans (`15s`, `2m`, `1h30m`, also `1h 30m` and `1.5s`) or plain seconds (`90`).
 * Parts come in the order h, m, s, each at most once.
 */
export const DURATION_PATTERN =
  '^(?:\\d+(?:\\.\\d+)?|(?=\\d)(?:\\d+(?:\\.\\d+)?h)?(?:\\s*\\d+(?:\\.\\d+)?m)?(?:\\s*\\d+(?:\\.\\d+)?s)?)$';

/** A target base URL: http or https with a host. */
export const HOST_PATTERN = '^https?://[^\\s/]+';

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
    users: {
      description: 'Closed model: peak number of concurrent users (`-u`). Default 1.',
      type: 'integer',
      minimum: 1,
    },
    spawn_rate: {
      description: 'Closed model: users started per second (`-r`). Default 1.',
      type: 'number',
      exclusiveMinimum: 0,
    },
    duration: {
      allOf: [{ $ref: '#/definitions/duration' }],
      description:
        'How long the run lasts (`-t`): `15s`, `2m`, `1h30m` or seconds. Left out: until `iterations` are done or Ctrl-C.',
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
    arrival_rate: {
      description:
        'Open model: journeys started per second whatever the latency (k6 constant-arrival-rate), for `duration` (`--arrival-rate`): a number, or `{ rate, max_users }`. Excludes users, spawn_rate and stages (stages with `arrival_rate` ramp it instead).',
      anyOf: [
        { type: 'number', exclusiveMinimum: 0 },
        {
          type: 'object',
          properties: {
            rate: { description: 'Journeys started per second.', type: 'number', exclusiveMinimum: 0 },
            max_users: {
              description: 'Most users in flight at once, as the `max_users` field.',
              type: 'integer',
              minimum: 1,
            },
          },
          required: ['rate'],
          additionalProperties: false,
        },
      ],
    },
    max_users: {
      description:
        'Open model: most users running a journey at once (`--max-users`); an arrival that finds them all busy is dropped and counted. Shared among user classes as users are in the closed model. Default: 10 × the peak arrival rate, at least 10.',
      type: 'integer',
      minimum: 1,
    },
    host: {
      description: 'Base URL of the system under test (`--host`). Left out: the embedded service is started.',
      type: 'string',
      pattern: HOST_PATTERN,
    },
    seed: {
      description: 'Seed of every random choice and generated payload (`--seed`). Left out: a random seed.',
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
    },
    tags: {
      description: 'Run only journeys with one of these tags (`--tags`).',
      allOf: [{ $ref: '#/definitions/tagList' }],
    },
    exclude_tags: {
      description: 'Skip journeys with any of these tags (`--exclude-tags`).',
      allOf: [{ $ref: '#/definitions/tagList' }],
    },
    threads: {
      description: 'Worker threads (`--threads`). Default: one per CPU core minus one.',
      type: 'integer',
      minimum: 1,
    },
    stop_timeout: {
      allOf: [{ $ref: '#/definitions/duration' }],
      description:
        'At the end, time users get to finish their current journey (`--stop-timeout`). Default 0.',
    },
    iterations: {
      description: 'Stop after this many journeys in the whole run (`--iterations`).',
      type: 'integer',
      minimum: 1,
    },
    users_module: {
      description:
        'File or folder of user classes, relative to the working directory (`-f`). Default `users/`.',
      type: 'string',
      minLength: 1,
    },
    csv_full_history: {
      description:
        'Write every endpoint into the stats history CSV, not only Aggregated (`--csv-full-history`).',
      type: 'boolean',
    },
    thresholds: {
      description:
        'Pass/fail criteria, `[selector:] metric op value[unit]`: `p95<500ms`, `fail_ratio<0.01`, `GET /orders/{id}: p95<300`, `EndToEndOrder: journey_p95 < 8s`.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    required_invariants: {
      description:
        'Invariants this profile must exercise: one that reports `NOT EXERCISED` (or does not run) fails the run.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
    },
    abort_on_threshold: {
      description:
        'Stop the run early when a threshold fails: `true` at once, a duration (`30s`) to let it warm up first. Default false.',
      anyOf: [{ type: 'boolean' }, { $ref: '#/definitions/duration' }],
    },
    service: {
      description:
        'How the embedded service is started when no host is given: `database` (a PostgreSQL URL, `?schema=NAME` for a schema; default in-memory PGlite) and `workers` (cluster workers, PostgreSQL only). `--service-database`, `--service-workers`.',
      type: 'object',
      properties: {
        database: { type: 'string', pattern: '^postgres(ql)?://' },
        workers: { type: 'integer', minimum: 1, maximum: 64 },
      },
      additionalProperties: false,
    },
    max_response_bytes: {
      description:
        'Most bytes of a response body kept per request (`--max-response-bytes`): bytes or `512KiB`, `8MiB`. A longer body is read to its end and counted, but is a failure unless the step sets its own `maxResponseBytes` (`Infinity`: the whole body). Default 8MiB.',
      anyOf: [
        { type: 'integer', minimum: 1 },
        { type: 'string', pattern: '^\\d+(\\.\\d+)?\\s*([bB]|[kKmMgG][iI]?[bB])?$' },
      ],
    },
    max_redirects: {
      description:
        'Redirects followed per request (`--max-redirects`); a longer chain or a loop is a failure naming it. 0 hands redirects to the step. Default 30 (as Locust’s HttpUser).',
      type: 'integer',
      minimum: 0,
    },
    insecure: {
      description:
        'Accept any TLS certificate of the target (`--insecure`, k6’s insecureSkipTLSVerify): for self-signed test targets only. Default false.',
      type: 'boolean',
    },
    max_names: {
      description:
        'Distinct statistics rows (method and name) kept (`--max-names`); further names are counted in one `(other names)` row, with a warning naming the URL to give a `name`. Default 1000.',
      type: 'integer',
      minimum: 1,
    },
    hook_timeout: {
      allOf: [{ $ref: '#/definitions/duration' }],
      description:
        'Time each of testStart, testStop and invariants — and the import of the user modules — may take before it is reported as not settled and the run goes on to write its reports (`--hook-timeout`). Default 60s.',
    },
    reset_target: {
      description:
        'Ask the target to empty its data before the run (`--reset-target`): the embedded service, or a service started with an admin token (JOURNEYS_ADMIN_TOKEN).',
      type: 'boolean',
    },
  },
  required: ['name'],
  additionalProperties: false,
  // Stages and the open model each set the load themselves; mixing them with the closed model's fields is a mistake.
  dependencies: {
    stages: { properties: { users: false, spawn_rate: false, duration: false, arrival_rate: false } },
    arrival_rate: { properties: { users: false, spawn_rate: false } },
    max_users: { properties: { users: false, spawn_rate: false } },
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
