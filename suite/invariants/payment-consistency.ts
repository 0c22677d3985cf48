import type { Invariant } from 'journeys-runner';
import type { PaymentView } from '../api/payments.ts';

/** An order as the race left it, with its payment (if it has one). */
export interface SettledOrder {
  order_id: string;
  status: string;
  /** What the order recorded of its payment: `Succeeded` once a capture reached it. */
  payment_status?: string | null;
  payment?: Pick<PaymentView, 'payment_id' | 'status' | 'total_refunded'> & { refunds?: unknown[] };
}

/** Whether the payment's money went back (or is on its way back): a refund was requested or processed. */
export function refunded(payment: NonNullable<SettledOrder['payment']>): boolean {
  return (
    payment.status === 'Refunded' ||
    payment.status === 'Partially_Refunded' ||
    payment.total_refunded > 0 ||
    (payment.refunds?.length ?? 0) > 0
  );
}

/** Which end each order of the race reached: the split the consistency check has seen. */
function ends(orders: readonly SettledOrder[]): string {
  const cancelled = orders.filter((order) => order.status === 'Cancelled' || order.status === 'Refunded');
  const captureFirst = cancelled.filter((order) => order.payment_status === 'Succeeded').length;
  const paid = orders.filter((order) => order.status === 'Paid').length;
  return `cancelled before the capture ${cancelled.length - captureFirst}, captured then cancelled ${captureFirst}, paid ${paid}`;
}

function check(name: string, offenders: SettledOrder[], total: number, what: string): Invariant {
  const sample = offenders.slice(0, 3).map((order) => `${order.order_id} (payment ${order.payment?.status})`);
  return {
    name,
    pass: offenders.length === 0,
    detail:
      offenders.length === 0
        ? `${total} orders checked`
        : `${offenders.length} of ${total} orders ${what}: ${sample.join(', ')}${offenders.length > 3 ? ', …' : ''}`,
  };
}

/**
 * The cancel-during-payment invariants (API.md "Races"): never a cancelled order holding
 * a captured payment without a refund; never a paid order whose payment failed.
 *
 * @example paymentConsistency(orders) // [{ name: 'no-captured-cancel', pass: true, detail: '40 orders checked' }, …]
 */
export function paymentConsistency(orders: readonly SettledOrder[]): Invariant[] {
  const capturedCancels = orders.filter(
    (order) =>
      order.status === 'Cancelled' && order.payment?.status === 'Succeeded' && !refunded(order.payment),
  );
  const failedPaid = orders.filter((order) => order.status === 'Paid' && order.payment?.status === 'Failed');
  const noCapturedCancel = check(
    'no-captured-cancel',
    capturedCancels,
    orders.length,
    'cancelled with a captured payment and no refund',
  );
  return [
    { ...noCapturedCancel, detail: `${noCapturedCancel.detail} (${ends(orders)})` },
    check('no-failed-paid', failedPaid, orders.length, 'paid although their payment failed'),
  ];
}
