import { en, Faker } from '@faker-js/faker';

/** Dates are drawn relative to this day, so a seed yields the same data on any day. */
const REFERENCE_DATE = new Date('2025-06-01T00:00:00Z');

/**
 * Sets this process's runs apart (seconds since the epoch, base 36): the default run tag,
 * so two runs that reuse a `--seed` against the same database do not collide.
 */
const PROCESS_RUN_TAG = Math.floor(Date.now() / 1000).toString(36);

/**
 * Where a user's payloads come from: a seeded Faker plus the run's tag. The tag goes
 * into every identifier that must be unique (external ids, SKUs, e-mails), so runs that
 * reuse a seed against the same database do not collide; everything else depends on
 * the seed alone.
 */
export interface DataSource {
  faker: Faker;
  runTag: string;
}

/**
 * A data source for one simulated user: English locale, seeded, fixed reference date,
 * so the same seed and tag always produce the same payloads. The tag defaults to one
 * per process; tests that compare payloads pass their own.
 *
 * @example
 * const data = createDataSource(user.seed);
 * const body = newCustomer(data);
 */
export function createDataSource(seed: number, runTag = PROCESS_RUN_TAG): DataSource {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  faker.setDefaultRefDate(REFERENCE_DATE);
  return { faker, runTag: runTag.toUpperCase().replace(/[^A-Z0-9]/g, '') };
}

/**
 * An upper-case token that makes an identifier unique: the run tag and 8 seeded
 * letters/digits (36^8 values, so users with different seeds do not collide).
 *
 * @example uniqueToken(data) // 'MF3K2J1AK3ZP9Q2M'
 */
export function uniqueToken({ faker, runTag }: DataSource): string {
  return runTag + faker.string.alphanumeric({ length: 8, casing: 'upper' });
}

/** Money rounded to cents, as the API exchanges it. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
