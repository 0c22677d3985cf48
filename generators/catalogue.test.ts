import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../service/domains/catalogue/schemas.ts';
import {
  categoryRename,
  categoryReorder,
  newCategory,
  newImage,
  newProduct,
  newVariant,
} from './catalogue.ts';
import type { DataSource } from './faker.ts';
import { invalidSamples, samplesOf, twinSources } from './schema-samples.ts';

const generators: [keyof typeof requestSchemas, (data: DataSource) => unknown][] = [
  ['POST /products', (data) => newProduct(data, data.faker.string.uuid())],
  ['POST /products/{id}/variants', newVariant],
  ['POST /products/{id}/images', newImage],
  [
    'POST /categories',
    (data) =>
      newCategory(
        data,
        data.faker.helpers.maybe(() => data.faker.string.uuid()),
      ),
  ],
  ['PUT /categories/{id}', categoryRename],
  ['PUT /categories/{id}/reorder', categoryReorder],
];

describe('catalogue generators', () => {
  it.each(generators)('%s: 1,000 seeded samples pass the request schema', (request, make) => {
    expect(invalidSamples(requestSchemas[request], make)).toEqual([]);
  });

  it('makes unique SKUs like PROD-A1B2C3D4 and prices from 9.99 to 299.99', () => {
    const products = samplesOf((data) => newProduct(data));
    expect(new Set(products.map((p) => p.sku)).size).toBe(1_000);
    for (const { sku } of products) expect(sku).toMatch(/^PROD-[A-Z0-9]{8,}$/);
    for (const { base_price } of samplesOf(newVariant)) {
      expect(base_price).toBeGreaterThanOrEqual(9.99);
      expect(base_price).toBeLessThanOrEqual(299.99);
      expect(Math.round(base_price * 100) / 100).toBe(base_price);
    }
  });

  it('gives the same data for the same seed', () => {
    const [a, b] = twinSources();
    for (const [, make] of generators) expect(make(a)).toEqual(make(b));
  });
});
