import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../service/domains/ordering/schemas.ts';
import type { DataSource } from './faker.ts';
import {
  cancellation,
  cartItem,
  checkout,
  grandTotal,
  newCart,
  newOrder,
  orderItem,
  paymentPending,
  paymentSucceeded,
  returnRequest,
  sellableVariant,
  shipment,
  subtotal,
} from './ordering.ts';
import { invalidSamples, samplesOf, twinSources } from './schema-samples.ts';

const generators: [keyof typeof requestSchemas, (data: DataSource) => unknown][] = [
  [
    'POST /carts',
    (data) =>
      newCart(
        data,
        data.faker.helpers.maybe(() => data.faker.string.uuid()),
      ),
  ],
  ['POST /carts/{id}/items', (data) => cartItem(data)],
  ['POST /carts/{id}/checkout', checkout],
  [
    'POST /orders',
    (data) =>
      newOrder(
        data,
        data.faker.string.uuid(),
        data.faker.helpers.multiple(() => sellableVariant(data)),
      ),
  ],
  ['POST /orders/{id}/items', (data) => orderItem(data)],
  ['PUT /orders/{id}/payment/pending', (data) => paymentPending(data, data.faker.string.uuid())],
  ['PUT /orders/{id}/payment/success', (data) => paymentSucceeded(data, data.faker.string.uuid(), 120.5)],
  ['PUT /orders/{id}/ship', (data) => shipment(data)],
  ['PUT /orders/{id}/return/request', returnRequest],
  ['PUT /orders/{id}/cancel', cancellation],
];

describe('ordering generators', () => {
  it.each(generators)('%s: 1,000 seeded samples pass the request schema', (request, make) => {
    expect(invalidSamples(requestSchemas[request], make)).toEqual([]);
  });

  it('computes totals to the cent from the lines', () => {
    expect(
      subtotal([
        { quantity: 3, unit_price: 0.1 },
        { quantity: 1, unit_price: 19.99 },
      ]),
    ).toBe(20.29);
    for (const order of samplesOf((data) => newOrder(data, 'c'))) {
      const expected = order.items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0);
      expect(grandTotal(order)).toBeCloseTo(expected, 9);
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(3);
    }
  });

  it('orders different variants of the catalogue it is given', () => {
    const [data] = twinSources();
    const catalogue = Array.from({ length: 5 }, () => sellableVariant(data));
    for (let i = 0; i < 50; i++) {
      const skus = newOrder(data, 'c', catalogue).items.map((item) => item.variant_id);
      expect(new Set(skus).size).toBe(skus.length);
      for (const sku of skus) expect(catalogue.map((v) => v.variant_id)).toContain(sku);
    }
  });

  it('gives the same data for the same seed', () => {
    const [a, b] = twinSources();
    for (const [, make] of generators) expect(make(a)).toEqual(make(b));
  });
});
