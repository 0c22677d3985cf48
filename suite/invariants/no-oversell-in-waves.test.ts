import { describe, expect, it } from 'vitest';
import type { StockLevels } from '../api/inventory.ts';
import { noOversellInWaves, oversoldUnits } from './no-oversell-in-waves.ts';

function levels(onHand: number, reserved: number): StockLevels {
  return {
    inventory_item_id: 'item',
    sku: 'FLASH-1',
    on_hand: onHand,
    reserved,
    available: onHand - reserved,
    damaged: 0,
    reservations: Array.from({ length: reserved }, (_, i) => ({
      reservation_id: `r${i}`,
      order_id: `o${i}`,
      quantity: 1,
      status: 'Active',
    })),
  };
}

describe('noOversellInWaves', () => {
  it('passes when every wave sold at most its 10 units, with the totals', () => {
    expect(
      noOversellInWaves([levels(10, 10), levels(10, 10), levels(10, 3)], 10, [
        'wave 01',
        'wave 02',
        'wave 03',
      ]),
    ).toEqual({
      name: 'no-oversell',
      pass: true,
      detail: 'reserved 23 of 30 over 3 waves (10 each), available 7, oversold 0',
    });
  });

  it('names the wave that oversold and sums the oversold units over all waves', () => {
    const result = noOversellInWaves([levels(10, 10), levels(10, 12), levels(10, 11)], 10, [
      'wave 01',
      'wave 02',
      'wave 03',
    ]);
    expect(result.pass).toBe(false);
    expect(result.detail).toMatch(
      /^wave 02: available -2 is negative; .*; wave 03: available -1 is negative; /,
    );
    expect(result.detail).toMatch(/— reserved 33 of 30 over 3 waves \(10 each\), available -3, oversold 3$/);
  });

  it('counts units reserved beyond the stock once, whichever rule shows them', () => {
    expect(oversoldUnits(levels(10, 12), 10)).toBe(2);
    expect(oversoldUnits(levels(8, 9), 10)).toBe(1);
    expect(oversoldUnits(levels(10, 10), 10)).toBe(0);
  });

  it('is not exercised, never a PASS, when no unit was reserved in any wave (nobody raced)', () => {
    expect(noOversellInWaves([levels(10, 0), levels(10, 0)], 10, ['wave 01', 'wave 02'])).toEqual({
      name: 'no-oversell',
      pass: true,
      exercised: false,
      detail: 'reserved 0 of 20 over 2 waves (10 each), available 20, oversold 0',
    });
  });
});
