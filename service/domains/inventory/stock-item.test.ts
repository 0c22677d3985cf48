import { describe, expect, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { stockItemDecider } from './stock-item.ts';
import type { StockItemEvent } from './stock-item-events.ts';

const spec = deciderSpec(stockItemDecider);
const inventory_item_id = 'i-1';
const at = '2026-01-01T10:00:00.000Z';
const created = (initial_quantity: number): StockItemEvent => ({
  type: 'StockItemCreated',
  data: {
    inventory_item_id,
    product_id: 'p',
    variant_id: 'v',
    warehouse_id: 'w',
    sku: 'SKU-1',
    initial_quantity,
    reorder_point: 10,
    reorder_quantity: 50,
  },
});
const reserved = (reservation_id: string, quantity: number, reserved_at = at): StockItemEvent => ({
  type: 'StockReserved',
  data: {
    inventory_item_id,
    reservation_id,
    order_id: `o-${reservation_id}`,
    quantity,
    reserved_at,
    expires_at: reserved_at,
  },
});
const reserve = (quantity: number) =>
  ({
    type: 'ReserveStock',
    reservation_id: 'r-new',
    order_id: 'o-1',
    quantity,
    expires_in_minutes: 15,
    at,
  }) as const;

describe('stock item decider', () => {
  it('reserves what is available and computes the expiry', () => {
    spec
      .given([created(10), reserved('r1', 7)])
      .when(reserve(3))
      .thenEvents([
        {
          type: 'StockReserved',
          data: {
            inventory_item_id,
            reservation_id: 'r-new',
            order_id: 'o-1',
            quantity: 3,
            reserved_at: at,
            expires_at: '2026-01-01T10:15:00.000Z',
          },
        },
      ]);
  });

  it('refuses to oversell with the exact API message', () => {
    spec
      .given([created(10), reserved('r1', 8)])
      .when(reserve(3))
      .thenThrows(BusinessRuleError, 'Insufficient stock: 2 available, 3 requested');
  });

  it('releases only active reservations; unknown ones are 404', () => {
    const release = { type: 'ReleaseReservation', reservation_id: 'r1', reason: 'x' } as const;
    spec
      .given([created(10), reserved('r1', 4)])
      .when(release)
      .thenState((s) => {
        expect(s.reserved).toBe(0);
        expect(s.reservations[0].status).toBe('Released');
      });
    const released: StockItemEvent = {
      type: 'ReservationReleased',
      data: { inventory_item_id, reservation_id: 'r1', order_id: 'o-r1', quantity: 4, reason: 'x' },
    };
    spec
      .given([created(10), reserved('r1', 4), released])
      .when(release)
      .thenThrows(BusinessRuleError, 'Cannot transition from Released to Released');
    spec
      .given([created(10)])
      .when(release)
      .thenThrows(NotFoundError);
  });

  it('expires an active reservation only when it is old enough, else does nothing', () => {
    const history = [created(10), reserved('r1', 4, '2026-01-01T09:00:00.000Z')];
    spec
      .given(history)
      .when({ type: 'ExpireReservation', reservation_id: 'r1', reserved_before: at })
      .thenTypes(['ReservationExpired']);
    spec
      .given(history)
      .when({ type: 'ExpireReservation', reservation_id: 'r1', reserved_before: '2026-01-01T08:00:00.000Z' })
      .thenEvents([]);
  });

  it('keeps on_hand ≥ reserved ≥ 0 on adjust and count; damage takes only unreserved stock', () => {
    const adjust = (quantity_change: number) =>
      ({
        type: 'AdjustStock',
        quantity_change,
        adjustment_type: 'Correction',
        reason: 'audit',
        adjusted_by: 'me',
      }) as const;
    spec
      .given([created(5)])
      .when(adjust(-6))
      .thenThrows(BusinessRuleError, /≥ 0/);
    spec
      .given([created(5), reserved('r1', 4)])
      .when(adjust(-2))
      .thenThrows(BusinessRuleError, /below reserved/);
    spec
      .given([created(5)])
      .when(adjust(-5))
      .thenState((s) => expect(s.on_hand).toBe(0));
    spec
      .given([created(5), reserved('r1', 4)])
      .when({ type: 'CountStock', counted_quantity: 3, checked_by: 'me' })
      .thenThrows(BusinessRuleError, /below reserved/);
    spec
      .given([created(5)])
      .when({ type: 'CountStock', counted_quantity: 7, checked_by: 'me' })
      .thenEvents([
        {
          type: 'StockCounted',
          data: { inventory_item_id, counted_quantity: 7, variance: 2, checked_by: 'me' },
        },
      ]);
    spec
      .given([created(5), reserved('r1', 4)])
      .when({ type: 'DamageStock', quantity: 2, reason: 'wet' })
      .thenThrows(BusinessRuleError, 'only 1 unreserved');
    spec
      .given([created(5)])
      .when({ type: 'DamageStock', quantity: 2, reason: 'wet' })
      .thenState((s) => {
        expect([s.on_hand, s.damaged]).toEqual([3, 2]);
      });
  });

  it('writes off at most the damaged quantity; receive and return add to on_hand', () => {
    const damaged: StockItemEvent = {
      type: 'StockDamaged',
      data: { inventory_item_id, quantity: 2, reason: 'wet' },
    };
    spec
      .given([created(5), damaged])
      .when({ type: 'WriteOffDamagedStock', quantity: 3, approved_by: 'boss' })
      .thenThrows(BusinessRuleError, 'only 2 damaged');
    spec
      .given([created(5), damaged])
      .when({ type: 'WriteOffDamagedStock', quantity: 2, approved_by: 'boss' })
      .thenState((s) => expect(s.damaged).toBe(0));
    spec
      .given([created(5)])
      .when({ type: 'ReceiveStock', quantity: 5, reference: null })
      .thenState((s) => expect(s.on_hand).toBe(10));
    spec
      .given([created(5)])
      .when({ type: 'ReturnStock', quantity: 1, order_id: 'o' })
      .thenState((s) => expect(s.on_hand).toBe(6));
    spec.given([]).when({ type: 'ReceiveStock', quantity: 1, reference: null }).thenThrows(NotFoundError);
  });
});
