import { describe, expect, it } from 'vitest';
import { paymentConsistency, type SettledOrder } from './payment-consistency.ts';

const payment = (status: string, total_refunded = 0) => ({
  payment_id: `p-${status}`,
  status,
  total_refunded,
});

describe('paymentConsistency', () => {
  it('accepts every valid end of the cancel/capture race', () => {
    const orders: SettledOrder[] = [
      { order_id: 'cancelled-before-capture', status: 'Cancelled', payment: payment('Pending') },
      {
        order_id: 'captured-then-refunded',
        status: 'Cancelled',
        payment_status: 'Succeeded',
        payment: payment('Refunded', 42),
      },
      {
        order_id: 'refund-requested',
        status: 'Cancelled',
        payment: { ...payment('Succeeded'), refunds: [{}] },
      },
      { order_id: 'paid', status: 'Paid', payment: payment('Succeeded') },
      { order_id: 'no-payment', status: 'Cancelled' },
    ];
    expect(paymentConsistency(orders)).toEqual([
      {
        name: 'no-captured-cancel',
        pass: true,
        detail: '5 orders checked (cancelled before the capture 3, captured then cancelled 1, paid 1)',
      },
      { name: 'no-failed-paid', pass: true, detail: '5 orders checked' },
    ]);
  });

  it('catches a cancelled order keeping the money and a paid order whose payment failed', () => {
    const orders: SettledOrder[] = [
      { order_id: 'kept', status: 'Cancelled', payment: payment('Succeeded') },
      { order_id: 'paid-failed', status: 'Paid', payment: payment('Failed') },
      { order_id: 'fine', status: 'Paid', payment: payment('Succeeded') },
    ];
    const [captured, failedPaid] = paymentConsistency(orders);
    expect(captured).toEqual({
      name: 'no-captured-cancel',
      pass: false,
      detail:
        '1 of 3 orders cancelled with a captured payment and no refund: kept (payment Succeeded) ' +
        '(cancelled before the capture 1, captured then cancelled 0, paid 2)',
    });
    expect(captured.exercised).toBeUndefined();
    expect(failedPaid).toEqual({
      name: 'no-failed-paid',
      pass: false,
      detail: '1 of 3 orders paid although their payment failed: paid-failed (payment Failed)',
    });
  });

  it('adds up: orders that never reached an end of the race are counted by the status they were left in', () => {
    const orders: SettledOrder[] = [
      { order_id: 'a', status: 'Cancelled', payment: payment('Pending') },
      { order_id: 'b', status: 'Paid', payment: payment('Succeeded') },
      { order_id: 'c', status: 'Payment_Pending', payment: payment('Pending') },
      { order_id: 'd', status: 'Created' },
      { order_id: 'e', status: 'Payment_Pending', payment: payment('Pending') },
    ];
    const [captured, failedPaid] = paymentConsistency(orders);
    expect(captured).toEqual({
      name: 'no-captured-cancel',
      pass: true,
      detail:
        '5 orders checked (cancelled before the capture 1, captured then cancelled 0, paid 1, ' +
        'not settled 3 (Payment_Pending 2, Created 1))',
    });
    expect(failedPaid.exercised).toBeUndefined();
  });

  it('is not exercised, never a PASS, when no order reached an end of the race', () => {
    const none = paymentConsistency([]);
    expect(none.map((invariant) => invariant.exercised)).toEqual([false, false]);
    expect(none[0].detail).toBe(
      '0 orders checked (cancelled before the capture 0, captured then cancelled 0, paid 0)',
    );
    const cutOff = paymentConsistency([{ order_id: 'c', status: 'Confirmed' }]);
    expect(cutOff.map((invariant) => invariant.exercised)).toEqual([false, false]);
    expect(cutOff[0].detail).toBe(
      '1 orders checked (cancelled before the capture 0, captured then cancelled 0, paid 0, not settled 1 (Confirmed 1))',
    );
  });
});
