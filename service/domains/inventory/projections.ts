import type { DocumentWriter, InlineProjection, JsonObject, RecordedEvent } from '../../eventstore/types.ts';
import { type Reservation, STOCK_ITEM_EVENT_TYPES, type StockItemEvent } from './stock-item-events.ts';

export const STOCK_ITEMS = 'stock-items';
export const RESERVATIONS = 'reservations';

/** A row of `GET /inventory`: the item's levels. */
export type StockLevels = {
  inventory_item_id: string;
  sku: string;
  product_id: string;
  variant_id: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  available: number;
  damaged: number;
};

/** A reservation as the maintenance endpoint and the checkout saga look it up (by status, by order). */
export type ReservationDocument = Reservation & { inventory_item_id: string };

function levelsAfter(levels: StockLevels, event: StockItemEvent): StockLevels {
  const next = { ...levels };
  switch (event.type) {
    case 'StockItemCreated':
      break;
    case 'StockReceived':
    case 'StockReturned':
      next.on_hand += event.data.quantity;
      break;
    case 'StockReserved':
      next.reserved += event.data.quantity;
      break;
    case 'ReservationReleased':
    case 'ReservationExpired':
      next.reserved -= event.data.quantity;
      break;
    case 'StockAdjusted':
      next.on_hand += event.data.quantity_change;
      break;
    case 'StockCounted':
      next.on_hand = event.data.counted_quantity;
      break;
    case 'StockDamaged':
      next.on_hand -= event.data.quantity;
      next.damaged += event.data.quantity;
      break;
    case 'DamagedStockWrittenOff':
      next.damaged -= event.data.quantity;
      break;
  }
  next.available = next.on_hand - next.reserved;
  return next;
}

async function applyToLevels(event: StockItemEvent, documents: DocumentWriter): Promise<void> {
  const id = event.data.inventory_item_id;
  if (event.type === 'StockItemCreated') {
    const { sku, product_id, variant_id, warehouse_id, initial_quantity } = event.data;
    const levels = {
      inventory_item_id: id,
      sku,
      product_id,
      variant_id,
      warehouse_id,
      on_hand: initial_quantity,
    };
    await documents.put(STOCK_ITEMS, id, { ...levels, reserved: 0, available: initial_quantity, damaged: 0 });
    return;
  }
  const levels = await documents.get<StockLevels>(STOCK_ITEMS, id);
  if (levels) await documents.put(STOCK_ITEMS, id, levelsAfter(levels, event) as JsonObject);
}

async function applyToReservations(
  event: StockItemEvent,
  at: string,
  documents: DocumentWriter,
): Promise<void> {
  if (event.type === 'StockReserved') {
    await documents.put(RESERVATIONS, event.data.reservation_id, { ...event.data, status: 'Active' });
  } else if (event.type === 'ReservationReleased' || event.type === 'ReservationExpired') {
    const doc = await documents.get<ReservationDocument>(RESERVATIONS, event.data.reservation_id);
    const status = event.type === 'ReservationReleased' ? 'Released' : 'Expired';
    if (doc) await documents.put(RESERVATIONS, doc.reservation_id, { ...doc, status, ended_at: at });
  }
}

/**
 * Stock levels (`GET /inventory`) and reservations by status and order (expiry maintenance,
 * checkout saga), written in the append's transaction: a reservation is findable the moment
 * its 201 is sent. Per-item appends are serialized by the stream version, so the
 * read-modify-write of a levels document never loses an update.
 */
export const inventoryProjection: InlineProjection = {
  name: 'inventory',
  handles: STOCK_ITEM_EVENT_TYPES,
  async apply(events: readonly RecordedEvent[], documents) {
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as StockItemEvent;
      await applyToLevels(event, documents);
      await applyToReservations(event, recorded.createdAt.toISOString(), documents);
    }
  },
};
