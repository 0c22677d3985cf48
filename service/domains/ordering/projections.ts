import type { InlineProjection, JsonObject } from '../../eventstore/types.ts';
import { ORDER_EVENT_TYPES, type OrderEvent } from './order-events.ts';
import { evolveOrder, initialOrderState, type OrderState } from './order-state.ts';

export const ORDERS = 'orders';

/** The `orders` read model: the aggregate's state plus when it was created, last changed and cancelled. */
export type OrderDocument = OrderState & {
  order_id: string;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
};

/**
 * Keeps one document per order in the append's transaction, by folding the same `evolve` the
 * aggregate uses: `GET /orders/{id}` and the list read exactly what was acknowledged. Two
 * appends to one stream cannot both commit (unique stream version), so the read-modify-write
 * of a document never loses an update.
 */
export const ordersProjection: InlineProjection = {
  name: 'orders',
  handles: ORDER_EVENT_TYPES,
  async apply(events, documents) {
    const byOrder = Map.groupBy(events, (event) => event.streamId.slice('Order-'.length));
    for (const [orderId, orderEvents] of byOrder) {
      const existing = await documents.get<OrderDocument>(ORDERS, orderId);
      let doc: OrderDocument = existing ?? {
        ...initialOrderState(),
        order_id: orderId,
        created_at: orderEvents[0].createdAt.toISOString(),
        updated_at: orderEvents[0].createdAt.toISOString(),
        cancelled_at: null,
      };
      for (const event of orderEvents) {
        const at = event.createdAt.toISOString();
        const next = evolveOrder(doc, { type: event.type, data: event.data } as OrderEvent);
        doc = { ...doc, ...next, order_id: orderId, updated_at: at };
        if (event.type === 'OrderCancelled') doc.cancelled_at = at;
      }
      await documents.put(ORDERS, orderId, doc as unknown as JsonObject);
    }
  },
};

/** A row of `GET /orders`: what a dashboard or an invariant check needs, without lines and addresses. */
export function orderSummary(doc: OrderDocument) {
  return {
    order_id: doc.order_id,
    customer_id: doc.customer_id,
    status: doc.status,
    item_count: doc.items.reduce((n, item) => n + item.quantity, 0),
    subtotal: doc.subtotal,
    grand_total: doc.grand_total,
    currency: doc.currency,
    payment_id: doc.payment_id,
    payment_status: doc.payment_status,
    amount_paid: doc.amount_paid,
    refund_amount: doc.refund_amount,
    created_at: doc.created_at,
    updated_at: doc.updated_at,
  };
}
