import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../service/domains/identity/schemas.ts';
import type { DataSource } from './faker.ts';
import { customerAddress, higherTier, newCustomer, profileUpdate, suspension, TIERS } from './identity.ts';
import { invalidSamples, samplesOf, twinSources } from './schema-samples.ts';

const generators: [keyof typeof requestSchemas, (data: DataSource) => unknown][] = [
  ['POST /customers', newCustomer],
  ['PUT /customers/{id}/profile', profileUpdate],
  ['POST /customers/{id}/addresses', customerAddress],
  ['PUT /customers/{id}/tier', (data) => ({ new_tier: higherTier(data, 'Standard') })],
  ['PUT /customers/{id}/suspend', suspension],
];

describe('identity generators', () => {
  it.each(generators)('%s: 1,000 seeded samples pass the request schema', (request, make) => {
    expect(invalidSamples(requestSchemas[request], make)).toEqual([]);
  });

  it('gives every customer its own external id and e-mail, and +1-555 phones', () => {
    const customers = samplesOf(newCustomer);
    expect(new Set(customers.map((c) => c.external_id)).size).toBe(1_000);
    expect(new Set(customers.map((c) => c.email)).size).toBe(1_000);
    for (const customer of customers) expect(customer.phone).toMatch(/^\+1-555-\d{3}-\d{4}$/);
  });

  it('only ever moves a tier upward, and has nothing above Platinum', () => {
    const [data] = twinSources();
    for (const tier of TIERS.slice(0, -1)) {
      for (let i = 0; i < 20; i++)
        expect(TIERS.indexOf(higherTier(data, tier)!)).toBeGreaterThan(TIERS.indexOf(tier));
    }
    expect(higherTier(data, 'Platinum')).toBeUndefined();
  });

  it('gives the same data for the same seed', () => {
    const [a, b] = twinSources();
    for (const [, make] of generators) expect(make(a)).toEqual(make(b));
  });
});
