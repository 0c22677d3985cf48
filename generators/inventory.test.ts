import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../service/domains/inventory/schemas.ts';
import type { DataSource } from './faker.ts';
import {
  adjustment,
  damage,
  newStockItem,
  newWarehouse,
  newZone,
  receipt,
  release,
  reservation,
  stockCheck,
  writeOff,
} from './inventory.ts';
import { invalidSamples, twinSources } from './schema-samples.ts';

const onHand = (data: DataSource) => data.faker.number.int({ min: 0, max: 50 });

const generators: [keyof typeof requestSchemas, (data: DataSource) => unknown][] = [
  ['POST /warehouses', newWarehouse],
  ['POST /warehouses/{id}/zones', newZone],
  ['POST /inventory', (data) => newStockItem(data, data.faker.string.uuid())],
  ['PUT /inventory/{id}/receive', receipt],
  ['POST /inventory/{id}/reserve', (data) => reservation(data)],
  ['PUT /inventory/{id}/adjust', (data) => adjustment(data, onHand(data))],
  ['PUT /inventory/{id}/stock-check', (data) => stockCheck(data, onHand(data))],
  ['PUT /inventory/{id}/damage', (data) => damage(data, 5)],
  ['PUT /inventory/{id}/damage/write-off', (data) => writeOff(data, 3)],
  ['PUT /inventory/{id}/reservations/{rid}/release', release],
];

describe('inventory generators', () => {
  it.each(generators)('%s: 1,000 seeded samples pass the request schema', (request, make) => {
    expect(invalidSamples(requestSchemas[request], make)).toEqual([]);
  });

  it('never adjusts stock below zero, and never by nothing', () => {
    const [data] = twinSources();
    for (let stock = 0; stock < 30; stock++) {
      for (let i = 0; i < 20; i++) {
        const { quantity_change } = adjustment(data, stock);
        expect(quantity_change).not.toBe(0);
        expect(stock + quantity_change).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('gives the same data for the same seed', () => {
    const [a, b] = twinSources();
    for (const [, make] of generators) expect(make(a)).toEqual(make(b));
  });
});
