import type { DomainEvent } from '../decider.ts';

export type ReservationStatus = 'Active' | 'Released' | 'Expired';

/** One reservation of a stock item, as kept in the item's state and shown by `GET /inventory/{id}`. */
export type Reservation = {
  reservation_id: string;
  order_id: string;
  quantity: number;
  status: ReservationStatus;
  reserved_at: string;
  expires_at: string;
};

type ItemEvent<Type extends string, Data> = DomainEvent<Type, { inventory_item_id: string } & Data>;

export type StockItemCreated = ItemEvent<
  'StockItemCreated',
  {
    product_id: string;
    variant_id: string;
    warehouse_id: string;
    sku: string;
    initial_quantity: number;
    reorder_point: number;
    reorder_quantity: number;
  }
>;
export type StockReceived = ItemEvent<'StockReceived', { quantity: number; reference: string | null }>;
export type StockReserved = ItemEvent<'StockReserved', Omit<Reservation, 'status'>>;
export type ReservationReleased = ItemEvent<
  'ReservationReleased',
  { reservation_id: string; order_id: string; quantity: number; reason: string }
>;
export type ReservationExpired = ItemEvent<
  'ReservationExpired',
  { reservation_id: string; order_id: string; quantity: number }
>;
export type StockAdjusted = ItemEvent<
  'StockAdjusted',
  { quantity_change: number; adjustment_type: string; reason: string; adjusted_by: string }
>;
export type StockCounted = ItemEvent<
  'StockCounted',
  { counted_quantity: number; variance: number; checked_by: string }
>;
export type StockDamaged = ItemEvent<'StockDamaged', { quantity: number; reason: string }>;
export type DamagedStockWrittenOff = ItemEvent<
  'DamagedStockWrittenOff',
  { quantity: number; approved_by: string }
>;
export type StockReturned = ItemEvent<'StockReturned', { quantity: number; order_id: string }>;

export type StockItemEvent =
  | StockItemCreated
  | StockReceived
  | StockReserved
  | ReservationReleased
  | ReservationExpired
  | StockAdjusted
  | StockCounted
  | StockDamaged
  | DamagedStockWrittenOff
  | StockReturned;

export const STOCK_ITEM_EVENT_TYPES: readonly StockItemEvent['type'][] = [
  'StockItemCreated',
  'StockReceived',
  'StockReserved',
  'ReservationReleased',
  'ReservationExpired',
  'StockAdjusted',
  'StockCounted',
  'StockDamaged',
  'DamagedStockWrittenOff',
  'StockReturned',
];

export type StockItemCommand =
  | ({ type: 'CreateStockItem' } & StockItemCreated['data'])
  | { type: 'ReceiveStock'; quantity: number; reference: string | null }
  /** `at`: the time of the request (ISO); the decider stays pure. */
  | {
      type: 'ReserveStock';
      reservation_id: string;
      order_id: string;
      quantity: number;
      expires_in_minutes: number;
      at: string;
    }
  | { type: 'ReleaseReservation'; reservation_id: string; reason: string }
  /** Expires the reservation if it is still Active and was made at or before `reserved_before` (ISO); else a no-op. */
  | { type: 'ExpireReservation'; reservation_id: string; reserved_before: string }
  | {
      type: 'AdjustStock';
      quantity_change: number;
      adjustment_type: string;
      reason: string;
      adjusted_by: string;
    }
  | { type: 'CountStock'; counted_quantity: number; checked_by: string }
  | { type: 'DamageStock'; quantity: number; reason: string }
  | { type: 'WriteOffDamagedStock'; quantity: number; approved_by: string }
  | { type: 'ReturnStock'; quantity: number; order_id: string };
