import { describe, expect, it } from 'vitest';
import type { StockLevels } from '../api/inventory.ts';
import { noOversell } from './no-oversell.ts';

function levels(onHand: number, reserved: number, active = reserved): StockLevels {
  const reservations = Array.from({ length: active }, (_, i) => ({
    reservation_id: `r${i}`,
    order_id: `o${i}`,
    quantity: 1,
    status: 'Active',
  }));
  return {
    inventory_item_id: 'item',
    sku: 'FLASH-1',
    on_hand: onHand,
    reserved,
    available: onHand - reserved,
    damaged: 0,
    reservations: [...reservations, { reservation_id: 'x', order_id: 'x', quantity: 3, status: 'Released' }],
  };
}

describe('noOversell', () => {
  it('passes a sold-out item and says how far the sale went', () => {
    expect(noOversell(levels(10, 10), 10)).toEqual({
      name: 'no-oversell',
      pass: true,
      detail: 'reserved 10 of 10, available 0',
    });
    expect(noOversell(levels(10, 4), 10).detail).toBe('reserved 4 of 10, available 6');
  });

  it('fails an oversold item, naming every broken rule', () => {
    const result = noOversell(levels(10, 11), 10);
    expect(result.pass).toBe(false);
    expect(result.detail).toBe(
      'available -1 is negative; reserved 11 exceeds the 10 units there were; reserved 11 exceeds on hand 10 ' +
        '(reserved 11 of 10, available -1)',
    );
  });

  it('fails when the active reservations do not add up to the reserved count', () => {
    const result = noOversell(levels(10, 10, 9), 10);
    expect(result.pass).toBe(false);
    expect(result.detail).toContain('active reservations hold 9 units but reserved says 10');
  });
});
