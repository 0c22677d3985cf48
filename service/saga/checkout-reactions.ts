import type { OrderState } from '../domains/ordering/order-state.ts';
import { MAX_PAYMENT_ATTEMPTS, type Payment } from '../domains/payments/index.ts';
import {
  activeReservationsOf,
  loadOrder,
  loadPayment,
  orderCommand,
  paymentIdsOf,
  refundCapturedPayment,
  releaseReservations,
  SAGA_NAME,
  type Step,
} from './checkout-steps.ts';

const CANCELLABLE = ['Created', 'Confirmed', 'Payment_Pending', 'Paid'];

/**
 * Order confirmed and stock reserved for it (in either order) → Payment_Pending, naming the
 * order's payment when one is known. An order back in Confirmed after a failed payment waits
 * for the payment's retry instead.
 */
export async function awaitPayment(
  step: Step,
  orderId: string,
  trigger: 'confirmed' | 'reserved',
): Promise<void> {
  const reserved = async () => (await activeReservationsOf(step, orderId)).length > 0;
  // The check likelier to fail goes first: a confirmed order usually has no reservation yet,
  // a reservation is usually made before its order is confirmed.
  if (trigger === 'confirmed' && !(await reserved())) return;
  const order = await loadOrder(step, orderId);
  if (order?.status !== 'Confirmed' || order.payment_status === 'Failed') return;
  if (trigger === 'reserved' && !(await reserved())) return;
  const payments = await paymentsOf(step, orderId, order);
  // A payment captured before the order was confirmed found nothing to do then: it pays now.
  const captured = payments.find((p) => p.status === 'Succeeded');
  const known = order.payment_id ?? captured?.payment_id ?? payments.at(-1)?.payment_id ?? null;
  const moved = await orderCommand(step, orderId, {
    type: 'MarkPaymentPending',
    payment_id: known,
    payment_method: order.payment_method,
  });
  if (moved?.status === 'Payment_Pending' && captured) {
    await paymentSucceeded(step, captured);
  }
}

async function paymentsOf(step: Step, orderId: string, order: OrderState): Promise<Payment[]> {
  const loaded = await Promise.all(
    (await paymentIdsOf(step, orderId, order)).map((id) => loadPayment(step, id)),
  );
  return loaded.filter((p): p is Payment => p?.order_id === orderId);
}

/** A failed payment was retried: the order awaits it again (unless the payment has moved on since). */
export async function paymentRetried(
  step: Step,
  retry: { order_id: string; payment_id: string; attempt_count: number },
): Promise<void> {
  const order = await loadOrder(step, retry.order_id);
  if (order?.status !== 'Confirmed') return;
  const payment = await loadPayment(step, retry.payment_id);
  if (payment?.status !== 'Pending' || payment.attempt_count !== retry.attempt_count) return;
  await orderCommand(step, retry.order_id, {
    type: 'MarkPaymentPending',
    payment_id: retry.payment_id,
    payment_method: order.payment_method,
  });
}

/**
 * Payment captured → the order is Paid (through Payment_Pending when it was back in
 * Confirmed). If the order was cancelled first — or a cancel won the race against this very
 * step — the payment is refunded instead: never a cancelled order holding a captured payment.
 */
export async function paymentSucceeded(
  step: Step,
  payment: { order_id: string; payment_id: string; amount: number; payment_method_type: string },
): Promise<void> {
  const { order_id: orderId, payment_id, amount, payment_method_type: payment_method } = payment;
  // Decided on the state each attempt loads: Confirmed → Payment_Pending, then Paid. Paid,
  // Cancelled and Refunded are no-ops that answer the state; any other status refuses (done).
  const advance = () =>
    orderCommand(step, orderId, (state) =>
      state.status === 'Confirmed'
        ? { type: 'MarkPaymentPending', payment_id, payment_method }
        : { type: 'RecordPaymentSuccess', payment_id, amount, payment_method },
    );
  let order = await advance();
  if (order?.status === 'Payment_Pending') order = await advance();
  if (order?.status === 'Cancelled' || order?.status === 'Refunded') {
    await refundCapturedPayment(step, orderId, payment_id, order);
  }
}

/**
 * Payment failed → the order returns to Confirmed to await a retry; after the last allowed
 * attempt its stock is released and it is cancelled.
 */
export async function paymentFailed(
  step: Step,
  payment: { order_id: string; payment_id: string; reason: string; attempt_count: number; final?: boolean },
): Promise<void> {
  const orderId = payment.order_id;
  const order = await loadOrder(step, orderId);
  if (!order) return;
  // A failure already retried (a late or redelivered event) must not pull the order back from
  // the retry it now awaits: only the payment's current failure counts.
  const current = await loadPayment(step, payment.payment_id);
  const stale = current?.status !== 'Failed' || current.attempt_count !== payment.attempt_count;
  if (order.status === 'Payment_Pending' && !stale) {
    await orderCommand(step, orderId, {
      type: 'RecordPaymentFailure',
      payment_id: payment.payment_id,
      reason: payment.reason,
    });
  }
  const exhausted = payment.final === true || payment.attempt_count >= MAX_PAYMENT_ATTEMPTS;
  if (!exhausted || !['Confirmed', 'Payment_Pending'].includes(order.status ?? '')) return;
  const reason = `Payment failed after ${MAX_PAYMENT_ATTEMPTS} attempts`;
  await releaseReservations(step, orderId, reason);
  await orderCommand(step, orderId, { type: 'CancelOrder', reason, cancelled_by: SAGA_NAME });
}

/**
 * The order's stock reservation was released → the order cannot be fulfilled: cancel it (a
 * paid one too; its payment is then refunded). An expired reservation cancels only an order
 * still awaiting payment: a paid order is not taken back because a sweep ran late.
 */
export async function reservationEnded(
  step: Step,
  orderId: string,
  how: 'released' | 'expired',
): Promise<void> {
  const order = await loadOrder(step, orderId);
  const cancellable = how === 'released' ? CANCELLABLE : CANCELLABLE.filter((status) => status !== 'Paid');
  if (!order || !cancellable.includes(order.status ?? '')) return;
  await orderCommand(step, orderId, {
    type: 'CancelOrder',
    reason: `Stock reservation ${how}`,
    cancelled_by: SAGA_NAME,
  });
}

/** An order was cancelled → refund whatever payment of it was captured (before or after the cancel). */
export async function orderCancelled(step: Step, orderId: string): Promise<void> {
  const order = await loadOrder(step, orderId);
  // Refunded too: a client may have refunded the order without its payment.
  if (order?.status !== 'Cancelled' && order?.status !== 'Refunded') return;
  for (const paymentId of await paymentIdsOf(step, orderId, order)) {
    await refundCapturedPayment(step, orderId, paymentId, order);
  }
}
