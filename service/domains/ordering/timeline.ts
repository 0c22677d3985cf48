import type { RecordedEvent } from '../../eventstore/types.ts';

type Data = Record<string, unknown>;

const describe: Record<string, (data: Data) => string> = {
  OrderCreated: (d) => `Order created with ${(d.items as unknown[]).length} item(s)`,
  OrderItemAdded: (d) => {
    const item = d.item as { title: string; quantity: number };
    return `Added ${item.quantity} × ${item.title}`;
  },
  OrderConfirmed: () => 'Order confirmed',
  OrderPaymentPending: (d) => (d.payment_id ? `Awaiting payment ${d.payment_id}` : 'Awaiting payment'),
  OrderPaymentSucceeded: (d) => `Payment ${d.payment_id} succeeded (${d.amount})`,
  OrderPaymentFailed: (d) => `Payment ${d.payment_id} failed: ${d.reason}`,
  OrderProcessingStarted: () => 'Processing started',
  OrderPartiallyShipped: (d) => `Partially shipped with ${d.carrier} (${d.tracking_number})`,
  OrderShipped: (d) => `Shipped with ${d.carrier} (${d.tracking_number})`,
  OrderDelivered: () => 'Delivered',
  OrderCompleted: () => 'Order completed',
  OrderReturnRequested: (d) => `Return requested: ${d.reason}`,
  OrderReturnApproved: () => 'Return approved',
  OrderReturned: (d) => `Returned ${(d.returned_item_ids as unknown[]).length} item(s)`,
  OrderCancelled: (d) => `Cancelled by ${d.cancelled_by}: ${d.reason}`,
  OrderRefunded: (d) => `Refunded ${d.refund_amount}`,
};

/**
 * `GET /orders/{id}/timeline`: one entry per event of the order's stream, oldest first.
 *
 * @example
 * timelineOf(orderId, (await store.readStream(`Order-${orderId}`)).events);
 */
export function timelineOf(orderId: string, events: readonly RecordedEvent[]) {
  return events.map((event) => ({
    entry_id: event.id,
    order_id: orderId,
    event_type: event.type,
    description: describe[event.type]?.(event.data) ?? event.type,
    occurred_at: event.createdAt.toISOString(),
  }));
}
