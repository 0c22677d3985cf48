import { illegalTransition } from '../../errors.ts';
import type { Address, OrderEvent, OrderLine, OrderStatus } from './order-events.ts';

/** The order aggregate's state; also the shape of the `orders` read model (plus timestamps). */
export type OrderState = {
  order_id: string | null;
  status: OrderStatus | null;
  customer_id: string | null;
  cart_id: string | null;
  items: OrderLine[];
  shipping_address: Address | null;
  billing_address: Address | null;
  currency: string;
  subtotal: number;
  shipping_cost: number;
  tax_total: number;
  discount_total: number;
  grand_total: number;
  payment_id: string | null;
  payment_method: string | null;
  payment_status: 'Pending' | 'Succeeded' | 'Failed' | null;
  amount_paid: number | null;
  payment_failures: number;
  shipment_id: string | null;
  carrier: string | null;
  tracking_number: string | null;
  estimated_delivery: string | null;
  shipped_item_ids: string[];
  return_reason: string | null;
  returned_item_ids: string[];
  cancellation_reason: string | null;
  cancelled_by: string | null;
  refund_amount: number | null;
};

/** API.md's order state machine: the statuses each status may move to. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  Created: ['Confirmed', 'Cancelled'],
  Confirmed: ['Payment_Pending', 'Cancelled'],
  Payment_Pending: ['Paid', 'Confirmed', 'Cancelled'],
  Paid: ['Processing', 'Shipped', 'Cancelled'],
  Processing: ['Shipped', 'Partially_Shipped'],
  Partially_Shipped: ['Shipped'],
  Shipped: ['Delivered'],
  Delivered: ['Completed', 'Return_Requested'],
  Completed: [],
  Return_Requested: ['Return_Approved'],
  Return_Approved: ['Returned'],
  Returned: ['Refunded'],
  Cancelled: ['Refunded'],
  Refunded: [],
};

/** Throws the API's 400 `Cannot transition from A to B` unless the move is in the table. */
export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!ORDER_TRANSITIONS[from].includes(to)) throw illegalTransition(from, to);
}

/** Money in cents-exact dollars: sums of prices must not drift by binary fractions. */
export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

export function subtotalOf(items: readonly OrderLine[]): number {
  return roundMoney(items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0));
}

function withTotals(state: OrderState): OrderState {
  const subtotal = subtotalOf(state.items);
  const grand_total = roundMoney(subtotal + state.shipping_cost + state.tax_total - state.discount_total);
  return { ...state, subtotal, grand_total };
}

export function initialOrderState(): OrderState {
  return {
    order_id: null,
    status: null,
    customer_id: null,
    cart_id: null,
    items: [],
    shipping_address: null,
    billing_address: null,
    currency: 'USD',
    subtotal: 0,
    shipping_cost: 0,
    tax_total: 0,
    discount_total: 0,
    grand_total: 0,
    payment_id: null,
    payment_method: null,
    payment_status: null,
    amount_paid: null,
    payment_failures: 0,
    shipment_id: null,
    carrier: null,
    tracking_number: null,
    estimated_delivery: null,
    shipped_item_ids: [],
    return_reason: null,
    returned_item_ids: [],
    cancellation_reason: null,
    cancelled_by: null,
    refund_amount: null,
  };
}

export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderCreated': {
      const { order_id, customer_id, cart_id, items, shipping_address, billing_address } = event.data;
      const { shipping_cost, tax_total, discount_total, currency, payment_method } = event.data;
      return withTotals({
        ...state,
        status: 'Created',
        ...{ order_id, customer_id, cart_id, items, shipping_address, billing_address },
        ...{ shipping_cost, tax_total, discount_total, currency, payment_method },
      });
    }
    case 'OrderItemAdded':
      return withTotals({ ...state, items: [...state.items, event.data.item] });
    case 'OrderConfirmed':
      return { ...state, status: 'Confirmed' };
    case 'OrderPaymentPending':
      return {
        ...state,
        status: 'Payment_Pending',
        payment_id: event.data.payment_id ?? state.payment_id,
        payment_method: event.data.payment_method ?? state.payment_method,
        payment_status: 'Pending',
      };
    case 'OrderPaymentSucceeded':
      return {
        ...state,
        status: 'Paid',
        payment_id: event.data.payment_id,
        payment_method: event.data.payment_method ?? state.payment_method,
        payment_status: 'Succeeded',
        amount_paid: event.data.amount,
      };
    case 'OrderPaymentFailed':
      return {
        ...state,
        status: 'Confirmed',
        payment_id: event.data.payment_id,
        payment_status: 'Failed',
        payment_failures: state.payment_failures + 1,
      };
    case 'OrderProcessingStarted':
      return { ...state, status: 'Processing' };
    case 'OrderShipped':
    case 'OrderPartiallyShipped':
      return {
        ...state,
        status: event.type === 'OrderShipped' ? 'Shipped' : 'Partially_Shipped',
        shipment_id: event.data.shipment_id,
        carrier: event.data.carrier,
        tracking_number: event.data.tracking_number,
        estimated_delivery: event.data.estimated_delivery,
        shipped_item_ids: event.data.shipped_item_ids,
      };
    case 'OrderDelivered':
      return { ...state, status: 'Delivered' };
    case 'OrderCompleted':
      return { ...state, status: 'Completed' };
    case 'OrderReturnRequested':
      return { ...state, status: 'Return_Requested', return_reason: event.data.reason };
    case 'OrderReturnApproved':
      return { ...state, status: 'Return_Approved' };
    case 'OrderReturned':
      return { ...state, status: 'Returned', returned_item_ids: event.data.returned_item_ids };
    case 'OrderCancelled':
      return {
        ...state,
        status: 'Cancelled',
        cancellation_reason: event.data.reason,
        cancelled_by: event.data.cancelled_by,
      };
    case 'OrderRefunded':
      return { ...state, status: 'Refunded', refund_amount: event.data.refund_amount };
  }
}
