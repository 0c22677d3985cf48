import type { InlineProjection } from '../../eventstore/types.ts';

export const ORDER_PAYMENTS = 'order-payments';

/** Which payment names which order: `{payment_id, order_id}`, one document per payment. */
export type OrderPaymentLink = { payment_id: string; order_id: string };

/**
 * Payments name their order (ids across domains are opaque, API.md), so "the payments of
 * this order" needs an index: the checkout saga uses it to refund a payment captured for an
 * order that was cancelled, whichever of the two happened first.
 */
export const orderPaymentsProjection: InlineProjection = {
  name: 'order-payments',
  handles: ['PaymentInitiated'],
  async apply(events, documents) {
    for (const event of events) {
      const { payment_id, order_id } = event.data as OrderPaymentLink;
      await documents.put(ORDER_PAYMENTS, payment_id, { payment_id, order_id });
    }
  },
};
