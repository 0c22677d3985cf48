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

/** Statuses of an order that reached an end of the race. */
const CANCELLED = ['Cancelled', 'Refunded'];

/** Orders that reached an end of the race: cancelled or paid. */
function settled(orders: readonly SettledOrder[]): number {
  return orders.filter((order) => CANCELLED.includes(order.status) || order.status === 'Paid').length;
}

/**
 * Which end each order of the race reached, adding up to every order checked: the rest
 * never reached an end (a journey cut off by the run's end, or interrupted before its
 * race), named by the status they were left in.
 */
function ends(orders: readonly SettledOrder[]): string {
  const cancelled = orders.filter((order) => CANCELLED.includes(order.status));
  const captureFirst = cancelled.filter((order) => order.payment_status === 'Succeeded').length;
  const paid = orders.filter((order) => order.status === 'Paid').length;
  const open = new Map<string, number>();
  for (const order of orders) {
    if (!CANCELLED.includes(order.status) && order.status !== 'Paid')
      open.set(order.status, (open.get(order.status) ?? 0) + 1);
  }
  const left = orders.length - cancelled.length - paid;
  const statuses = [...open].map(([status, count]) => `${status} ${count}`).join(', ');
  const rest = left > 0 ? `, not settled ${left} (${statuses})` : '';
  return `cancelled before the capture ${cancelled.length - captureFirst}, captured then cancelled ${captureFirst}, paid ${paid}${rest}`;
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
 * a captured payment without a refund; never a paid order whose payment failed. Both are
 * not exercised (never a PASS) when no order reached an end of the race.
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
  // No order reached an end of the race: both checks would hold of nothing.
  const idle = settled(orders) === 0 ? { exercised: false } : {};
  return [
    { ...noCapturedCancel, detail: `${noCapturedCancel.detail} (${ends(orders)})`, ...idle },
    { ...check('no-failed-paid', failedPaid, orders.length, 'paid although their payment failed'), ...idle },
  ];
}
