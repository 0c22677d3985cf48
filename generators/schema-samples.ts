/**
 * Test support for the generators: draws seeded samples and checks them against the
 * service's request schemas with a stricter ajv than the service's own (no unknown
 * fields dropped, no defaults filled), so a payload passes only if it is right as sent.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { coordinateKeyword } from '../service/validation.ts';
import { createDataSource, type DataSource } from './faker.ts';

// ajv-formats is CommonJS with a default export; under nodenext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addKeyword(coordinateKeyword());

// One Faker, re-seeded per sample: the same draws as a fresh one, without building 1,000 of them.
const shared = createDataSource(0, 'T');
function seeded(seed: number): DataSource {
  shared.faker.seed(seed);
  return shared;
}

/** How many seeds each generator is checked with. */
export const SAMPLES = 1_000;

/**
 * Generates one payload per seed 1…`samples` and returns the problems found (empty when
 * every sample passes `schema`), at most 5, each with its seed and payload.
 *
 * @example expect(invalidSamples(requestSchemas['POST /customers'], newCustomer)).toEqual([]);
 */
export function invalidSamples(
  schema: object,
  make: (data: DataSource) => unknown,
  samples = SAMPLES,
): string[] {
  const validate = ajv.compile(schema);
  const problems: string[] = [];
  for (let seed = 1; seed <= samples && problems.length < 5; seed++) {
    const body = make(seeded(seed));
    if (!validate(body))
      problems.push(`seed ${seed}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body)}`);
  }
  return problems;
}

/** Generates `samples` payloads (seeds 1…`samples`), to check properties across them. */
export function samplesOf<T>(make: (data: DataSource) => T, samples = SAMPLES): T[] {
  return Array.from({ length: samples }, (_, i) => make(seeded(i + 1)));
}

/** Two data sources with the same seed, drawn from side by side: their payloads must match. */
export function twinSources(seed = 42): [DataSource, DataSource] {
  return [createDataSource(seed, 'T'), createDataSource(seed, 'T')];
}
