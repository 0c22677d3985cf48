import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider } from '../decider.ts';
import type { Reservation, StockItemCommand, StockItemEvent } from './stock-item-events.ts';

/** Stock levels of one item in one warehouse. available = on_hand − reserved is derived, never stored. */
export type StockItemState = {
  inventory_item_id: string | null;
  product_id: string | null;
  variant_id: string | null;
  warehouse_id: string | null;
  sku: string | null;
  on_hand: number;
  reserved: number;
  damaged: number;
  reorder_point: number;
  reorder_quantity: number;
  reservations: Reservation[];
};

export function availableOf(state: Pick<StockItemState, 'on_hand' | 'reserved'>): number {
  return state.on_hand - state.reserved;
}

function endReservation(
  state: StockItemState,
  reservationId: string,
  status: Reservation['status'],
): StockItemState {
  const reservation = state.reservations.find((r) => r.reservation_id === reservationId);
  if (reservation?.status !== 'Active') return state;
  return {
    ...state,
    reserved: state.reserved - reservation.quantity,
    reservations: state.reservations.map((r) => (r === reservation ? { ...r, status } : r)),
  };
}

function evolveStockItem(state: StockItemState, event: StockItemEvent): StockItemState {
  switch (event.type) {
    case 'StockItemCreated': {
      const { initial_quantity, ...rest } = event.data;
      return { ...state, ...rest, on_hand: initial_quantity };
    }
    case 'StockReceived':
    case 'StockReturned':
      return { ...state, on_hand: state.on_hand + event.data.quantity };
    case 'StockReserved': {
      const { inventory_item_id: _id, ...reservation } = event.data;
      return {
        ...state,
        reserved: state.reserved + reservation.quantity,
        reservations: [...state.reservations, { ...reservation, status: 'Active' }],
      };
    }
    case 'ReservationReleased':
      return endReservation(state, event.data.reservation_id, 'Released');
    case 'ReservationExpired':
      return endReservation(state, event.data.reservation_id, 'Expired');
    case 'StockAdjusted':
      return { ...state, on_hand: state.on_hand + event.data.quantity_change };
    case 'StockCounted':
      return { ...state, on_hand: event.data.counted_quantity };
    case 'StockDamaged':
      return {
        ...state,
        on_hand: state.on_hand - event.data.quantity,
        damaged: state.damaged + event.data.quantity,
      };
    case 'DamagedStockWrittenOff':
      return { ...state, damaged: state.damaged - event.data.quantity };
  }
}

function decideExisting(
  command: Exclude<StockItemCommand, { type: 'CreateStockItem' }>,
  state: StockItemState,
): StockItemEvent[] {
  const inventory_item_id = state.inventory_item_id!;
  const available = availableOf(state);
  switch (command.type) {
    case 'ReceiveStock':
      return [
        {
          type: 'StockReceived',
          data: { inventory_item_id, quantity: command.quantity, reference: command.reference },
        },
      ];
    case 'ReserveStock': {
      const { reservation_id, order_id, quantity, expires_in_minutes, at } = command;
      if (quantity > available) {
        throw new BusinessRuleError(
          `Insufficient stock: ${available} available, ${quantity} requested`,
          'quantity',
        );
      }
      const expires_at = new Date(Date.parse(at) + expires_in_minutes * 60_000).toISOString();
      return [
        {
          type: 'StockReserved',
          data: { inventory_item_id, reservation_id, order_id, quantity, reserved_at: at, expires_at },
        },
      ];
    }
    case 'ReleaseReservation': {
      const reservation = state.reservations.find((r) => r.reservation_id === command.reservation_id);
      if (!reservation) throw new NotFoundError(`Reservation ${command.reservation_id} not found`);
      if (reservation.status !== 'Active') throw illegalTransition(reservation.status, 'Released');
      const { reservation_id, order_id, quantity } = reservation;
      return [
        {
          type: 'ReservationReleased',
          data: { inventory_item_id, reservation_id, order_id, quantity, reason: command.reason },
        },
      ];
    }
    case 'ExpireReservation': {
      const reservation = state.reservations.find((r) => r.reservation_id === command.reservation_id);
      if (reservation?.status !== 'Active' || reservation.reserved_at > command.reserved_before) return [];
      const { reservation_id, order_id, quantity } = reservation;
      return [
        { type: 'ReservationExpired', data: { inventory_item_id, reservation_id, order_id, quantity } },
      ];
    }
    case 'AdjustStock': {
      const { type: _type, ...data } = command;
      const onHand = state.on_hand + command.quantity_change;
      if (onHand < 0) {
        throw new BusinessRuleError(
          `Adjustment would leave on_hand at ${onHand}; it must stay ≥ 0`,
          'quantity_change',
        );
      }
      if (onHand < state.reserved) {
        throw new BusinessRuleError(
          `Adjustment would leave on_hand ${onHand} below reserved ${state.reserved}`,
          'quantity_change',
        );
      }
      return [{ type: 'StockAdjusted', data: { inventory_item_id, ...data } }];
    }
    case 'CountStock': {
      const { counted_quantity, checked_by } = command;
      if (counted_quantity < state.reserved) {
        throw new BusinessRuleError(
          `Counted ${counted_quantity} is below reserved ${state.reserved}`,
          'counted_quantity',
        );
      }
      const variance = counted_quantity - state.on_hand;
      return [{ type: 'StockCounted', data: { inventory_item_id, counted_quantity, variance, checked_by } }];
    }
    case 'DamageStock':
      if (command.quantity > available) {
        throw new BusinessRuleError(
          `Cannot mark ${command.quantity} damaged: only ${available} unreserved`,
          'quantity',
        );
      }
      return [
        {
          type: 'StockDamaged',
          data: { inventory_item_id, quantity: command.quantity, reason: command.reason },
        },
      ];
    case 'WriteOffDamagedStock':
      if (command.quantity > state.damaged) {
        throw new BusinessRuleError(
          `Cannot write off ${command.quantity}: only ${state.damaged} damaged`,
          'quantity',
        );
      }
      return [
        {
          type: 'DamagedStockWrittenOff',
          data: { inventory_item_id, quantity: command.quantity, approved_by: command.approved_by },
        },
      ];
    case 'ReturnStock':
      return [
        {
          type: 'StockReturned',
          data: { inventory_item_id, quantity: command.quantity, order_id: command.order_id },
        },
      ];
  }
}

/**
 * A stock item (one product variant in one warehouse). Every decision that can take stock
 * away (reserve, damage, adjust, count) checks `on_hand ≥ reserved` against the state it was
 * loaded at, and the append expects that very version: Σ active reservations ≤ on_hand
 * under any concurrency.
 *
 * @example
 * await handleCommand(ctx, stockItemDecider, `InventoryItem-${id}`,
 *   { type: 'ReserveStock', reservation_id, order_id, quantity: 1, expires_in_minutes: 15, at: new Date().toISOString() });
 */
export const stockItemDecider: Decider<StockItemState, StockItemCommand, StockItemEvent> = {
  initialState: () => ({
    inventory_item_id: null,
    product_id: null,
    variant_id: null,
    warehouse_id: null,
    sku: null,
    on_hand: 0,
    reserved: 0,
    damaged: 0,
    reorder_point: 10,
    reorder_quantity: 50,
    reservations: [],
  }),
  evolve: evolveStockItem,
  decide(command, state) {
    if (command.type === 'CreateStockItem') {
      if (state.inventory_item_id !== null) {
        throw new BusinessRuleError(
          `Inventory item ${command.inventory_item_id} already exists`,
          'inventory_item_id',
        );
      }
      const { type: _type, ...data } = command;
      return [{ type: 'StockItemCreated', data }];
    }
    if (state.inventory_item_id === null) throw new NotFoundError('Inventory item not found');
    return decideExisting(command, state);
  },
};
