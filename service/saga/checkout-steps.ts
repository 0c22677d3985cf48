import { handleCommand, loadAggregate } from '../command-handler.ts';
import type { ServiceContext } from '../context.ts';
import { RESERVATIONS, type ReservationDocument, stockItemDecider } from '../domains/inventory/index.ts';
import {
  ORDER_PAYMENTS,
  type OrderCommand,
  type OrderPaymentLink,
  orderDecider,
} from '../domains/ordering/index.ts';
import type { OrderState } from '../domains/ordering/order-state.ts';
import { type Payment, type PaymentCommand, paymentDecider } from '../domains/payments/index.ts';
import { BusinessRuleError, NotFoundError } from '../errors.ts';
import type { JsonObject } from '../eventstore/types.ts';
import { nameBasedId } from '../ids.ts';

export const SAGA_NAME = 'checkout-saga';
const ALL = { offset: 0, limit: 1000 };

/** What every step needs: the service and the metadata its commands carry (what caused them). */
export interface Step {
  ctx: ServiceContext;
  metadata: JsonObject;
}

/**
 * Runs a saga command; a business-rule refusal (400) or an unknown id (404) means there is
 * nothing to do in this state, so the step is done (undefined). Conflicts were already
 * retried by the command handler; anything else fails the batch, which is then redelivered.
 */
async function tolerant<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BusinessRuleError || error instanceof NotFoundError) return undefined;
    throw error;
  }
}

export async function loadOrder({ ctx }: Step, orderId: string): Promise<OrderState | undefined> {
  const { state, exists } = await loadAggregate(ctx, orderDecider, `Order-${orderId}`);
  return exists ? state : undefined;
}

export async function loadPayment({ ctx }: Step, paymentId: string): Promise<Payment | undefined> {
  return (await loadAggregate(ctx, paymentDecider, `Payment-${paymentId}`)).state;
}

/** Sends an order command; returns the order's state after it, or undefined when refused. */
export async function orderCommand(
  step: Step,
  orderId: string,
  command: OrderCommand | ((state: OrderState) => OrderCommand),
): Promise<OrderState | undefined> {
  const result = await tolerant(() =>
    handleCommand(step.ctx, orderDecider, `Order-${orderId}`, command, { metadata: step.metadata }),
  );
  return result?.state;
}

export async function activeReservationsOf({ ctx }: Step, orderId: string): Promise<ReservationDocument[]> {
  const { items } = await ctx.store.documents.find<ReservationDocument>(
    RESERVATIONS,
    { order_id: orderId, status: 'Active' },
    ALL,
  );
  return items;
}

export async function paymentIdsOf(step: Step, orderId: string, order: OrderState): Promise<string[]> {
  const { items } = await step.ctx.store.documents.find<OrderPaymentLink>(
    ORDER_PAYMENTS,
    { order_id: orderId },
    ALL,
  );
  return [
    ...new Set([...items.map((link) => link.payment_id), ...(order.payment_id ? [order.payment_id] : [])]),
  ];
}

export async function releaseReservations(step: Step, orderId: string, reason: string): Promise<void> {
  for (const reservation of await activeReservationsOf(step, orderId)) {
    await tolerant(() =>
      handleCommand(
        step.ctx,
        stockItemDecider,
        `InventoryItem-${reservation.inventory_item_id}`,
        { type: 'ReleaseReservation', reservation_id: reservation.reservation_id, reason },
        { metadata: step.metadata },
      ),
    );
  }
}

/**
 * Refunds a payment captured for an order that is cancelled: the payment's full remaining
 * amount (under a refund id derived from the payment, so a redelivered event cannot refund
 * twice), then the order's refund (Cancelled → Refunded) unless `order` (as last loaded) is
 * refunded already. Payments of other orders, and payments never captured, are left alone.
 */
export async function refundCapturedPayment(
  step: Step,
  orderId: string,
  paymentId: string,
  order: OrderState,
): Promise<void> {
  const stream = `Payment-${paymentId}`;
  const { state: payment } = await loadAggregate(step.ctx, paymentDecider, stream);
  if (!payment || payment.order_id !== orderId) return;
  const refundId = nameBasedId('saga-refund', paymentId);
  const captured = payment.status === 'Succeeded' || payment.status === 'Partially_Refunded';
  let refunded = payment.total_refunded;
  if (captured && !payment.refunds.some((r) => r.refund_id === refundId)) {
    const result = await tolerant(() =>
      handleCommand(
        step.ctx,
        paymentDecider,
        stream,
        (p): PaymentCommand => ({
          type: 'RequestRefund',
          refund_id: refundId,
          amount: Math.round(((p?.amount ?? 0) - (p?.total_refunded ?? 0)) * 100) / 100,
          reason: 'Order cancelled after its payment was captured',
        }),
        { metadata: step.metadata },
      ),
    );
    refunded = result?.state?.total_refunded ?? refunded;
  }
  if (refunded <= 0 || order.status === 'Refunded') return;
  await orderCommand(step, orderId, (current) => ({
    type: 'RefundOrder',
    refund_amount: Math.min(refunded, current.grand_total),
  }));
}
