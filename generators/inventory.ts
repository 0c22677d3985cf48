import type {
  AddZoneBody,
  AdjustBody,
  CreateStockItemBody,
  CreateWarehouseBody,
  DamageBody,
  ReceiveBody,
  ReleaseBody,
  ReserveBody,
  StockCheckBody,
  WriteOffBody,
} from '../service/domains/inventory/schemas.ts';
import { sku } from './catalogue.ts';
import type { DataSource } from './faker.ts';
import { address } from './identity.ts';

/** What a stock item is about: a product variant. */
export type StockedVariant = Pick<CreateStockItemBody, 'product_id' | 'variant_id' | 'sku'>;

/** A warehouse named after its city. */
export function newWarehouse(data: DataSource): CreateWarehouseBody {
  const place = address(data);
  return {
    name: `${place.city} ${data.faker.helpers.arrayElement(['DC', 'Fulfilment Centre', 'Depot', 'Hub'])}`,
    address: place,
    capacity: data.faker.number.int({ min: 1_000, max: 100_000 }),
  };
}

/** Body of `POST /warehouses/{id}/zones`. */
export function newZone({ faker }: DataSource): AddZoneBody {
  return {
    zone_name: `Zone ${faker.string.alpha({ length: 1, casing: 'upper' })}${faker.number.int({ min: 1, max: 99 })}`,
    zone_type: faker.helpers.arrayElement(['Regular', 'Cold', 'Hazmat'] as const),
  };
}

/**
 * A stock item of `initial` units (20–200 when not given) in `warehouseId`.
 * @example await client.post('/inventory', { json: newStockItem(data, warehouseId), expect: [201] })
 */
export function newStockItem(
  data: DataSource,
  warehouseId: string,
  variant?: StockedVariant,
  initial?: number,
): CreateStockItemBody {
  const { faker } = data;
  return {
    product_id: variant?.product_id ?? faker.string.uuid(),
    variant_id: variant?.variant_id ?? sku(data, 'VAR'),
    warehouse_id: warehouseId,
    sku: variant?.sku ?? sku(data),
    initial_quantity: initial ?? faker.number.int({ min: 20, max: 200 }),
    reorder_point: 10,
    reorder_quantity: 50,
  };
}

/** Body of `PUT /inventory/{id}/receive`: a delivery with a purchase-order reference. */
export function receipt({ faker }: DataSource): ReceiveBody {
  return { quantity: faker.number.int({ min: 5, max: 100 }), reference: `PO-${faker.string.numeric(8)}` };
}

/** A reservation of 1–`max` units for `orderId` (a fresh id when not given), 15 minutes. */
export function reservation({ faker }: DataSource, orderId?: string, max = 3): ReserveBody {
  return {
    order_id: orderId ?? faker.string.uuid(),
    quantity: faker.number.int({ min: 1, max: Math.max(1, max) }),
    expires_in_minutes: 15,
  };
}

/**
 * An adjustment that keeps on-hand stock at or above zero: a gain, or a loss of at
 * most `onHand` units. Never zero, so it always changes the stock.
 */
export function adjustment({ faker }: DataSource, onHand: number): AdjustBody {
  const loss = onHand > 0 && faker.datatype.boolean();
  const size = faker.number.int({ min: 1, max: loss ? Math.min(onHand, 10) : 10 });
  return {
    quantity_change: loss ? -size : size,
    adjustment_type: loss ? 'Shrinkage' : 'Found',
    reason: loss ? 'Cycle count shortfall' : 'Units found during count',
    adjusted_by: faker.person.fullName(),
  };
}

/** Body of `PUT /inventory/{id}/stock-check`: a count near `onHand` that differs by at most 2. */
export function stockCheck({ faker }: DataSource, onHand: number): StockCheckBody {
  return {
    counted_quantity: Math.max(0, onHand + faker.number.int({ min: -2, max: 2 })),
    checked_by: faker.person.fullName(),
  };
}

/** Body of `PUT /inventory/{id}/damage`: 1–`max` units. */
export function damage({ faker }: DataSource, max: number): DamageBody {
  return {
    quantity: faker.number.int({ min: 1, max: Math.max(1, max) }),
    reason: faker.helpers.arrayElement(['Water damage', 'Crushed in handling', 'Expired', 'Packaging torn']),
  };
}

/** Body of `PUT /inventory/{id}/damage/write-off`. */
export function writeOff({ faker }: DataSource, quantity: number): WriteOffBody {
  return { quantity, approved_by: faker.person.fullName() };
}

/** Body of `PUT /inventory/{id}/reservations/{rid}/release`. */
export function release({ faker }: DataSource): ReleaseBody {
  return {
    reason: faker.helpers.arrayElement(['Order cancelled', 'Payment failed', 'Customer changed cart']),
  };
}
