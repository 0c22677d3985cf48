import { describe, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { type InvoiceEvent, invoiceDecider } from './invoice.ts';
import { type PaymentEvent, paymentDecider } from './payment.ts';

const payments = deciderSpec(paymentDecider);
const ids = { payment_id: 'p1', order_id: 'o1' };
const initiated: PaymentEvent = {
  type: 'PaymentInitiated',
  data: {
    ...ids,
    customer_id: 'c1',
    amount: 100,
    currency: 'USD',
    payment_method_type: 'card',
    last4: null,
    idempotency_key: 'k',
    initiated_at: 't',
  },
};
const failed = (attempt: number): PaymentEvent => ({
  type: 'PaymentFailed',
  data: { ...ids, reason: 'Payment declined', attempt_count: attempt, final: attempt >= 3 },
});
const retried = (attempt: number): PaymentEvent => ({
  type: 'PaymentRetryInitiated',
  data: { ...ids, attempt_count: attempt },
});
const succeeded: PaymentEvent = {
  type: 'PaymentSucceeded',
  data: { ...ids, amount: 100, gateway_transaction_id: 'g', payment_method_type: 'card' },
};

describe('payment decider', () => {
  it('initiates once: the same idempotency key is a no-op', () => {
    const initiate = {
      type: 'InitiatePayment' as const,
      payment_id: 'p1',
      at: 't',
      order_id: 'o1',
      customer_id: 'c1',
      amount: 100,
      currency: 'USD',
      payment_method_type: 'card',
      idempotency_key: 'k',
    };
    payments.given([]).when(initiate).thenEvents([initiated]);
    payments.given([initiated]).when(initiate).thenEvents([]);
  });

  it('settles by gateway result, carrying the order id', () => {
    payments
      .given([initiated])
      .when({ type: 'RecordGatewayResult', succeeded: true, gateway_transaction_id: 'g' })
      .thenEvents([succeeded]);
    payments
      .given([initiated])
      .when({ type: 'RecordGatewayResult', succeeded: false })
      .thenEvents([failed(1)]);
    payments
      .given([initiated, succeeded])
      .when({ type: 'RecordGatewayResult', succeeded: true })
      .thenThrows(BusinessRuleError, 'Cannot transition from Succeeded to Succeeded');
  });

  it('allows three attempts and marks the third failure final', () => {
    payments
      .given([initiated, failed(1)])
      .when({ type: 'RetryPayment' })
      .thenEvents([retried(2)]);
    payments
      .given([initiated, failed(1), retried(2), failed(2), retried(3)])
      .when({ type: 'RecordGatewayResult', succeeded: false })
      .thenEvents([failed(3)]);
    payments
      .given([initiated, failed(1), retried(2), failed(2), retried(3), failed(3)])
      .when({ type: 'RetryPayment' })
      .thenThrows(BusinessRuleError, /Maximum of 3/);
    payments
      .given([initiated])
      .when({ type: 'RetryPayment' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Pending to Pending');
  });

  it('refunds in cents up to the amount, then only confirms', () => {
    const refund = (id: string, amount: number, total: number): PaymentEvent => ({
      type: 'RefundRequested',
      data: {
        ...ids,
        refund_id: id,
        amount,
        reason: 'r',
        total_refunded: total,
        fully_refunded: total === 100,
      },
    });
    payments
      .given([initiated, succeeded])
      .when({ type: 'RequestRefund', refund_id: 'r1', amount: 60.1, reason: 'r' })
      .thenEvents([refund('r1', 60.1, 60.1)]);
    payments
      .given([initiated, succeeded, refund('r1', 60.1, 60.1)])
      .when({ type: 'RequestRefund', refund_id: 'r2', amount: 39.91, reason: 'r' })
      .thenThrows(BusinessRuleError, /exceeds/);
    payments
      .given([initiated, succeeded, refund('r1', 60.1, 60.1)])
      .when({ type: 'RequestRefund', refund_id: 'r2', amount: 39.9, reason: 'r' })
      .thenState((s) => {
        if (s?.status !== 'Refunded' || s.total_refunded !== 100)
          throw new Error(`fully refunded: ${JSON.stringify(s)}`);
      });
    payments
      .given([initiated, succeeded, refund('r1', 60.1, 60.1)])
      .when({ type: 'ConfirmRefund', refund_id: 'nope', gateway_refund_id: 'g' })
      .thenThrows(NotFoundError);
    const processed: PaymentEvent = {
      type: 'RefundProcessed',
      data: { ...ids, refund_id: 'r1', gateway_refund_id: 'g', amount: 60.1 },
    };
    payments
      .given([initiated, succeeded, refund('r1', 60.1, 60.1)])
      .when({ type: 'ConfirmRefund', refund_id: 'r1', gateway_refund_id: 'g' })
      .thenEvents([processed]);
    payments
      .given([initiated, succeeded, refund('r1', 60.1, 60.1), processed])
      .when({ type: 'ConfirmRefund', refund_id: 'r1', gateway_refund_id: 'g' })
      .thenEvents([]);
  });
});

describe('invoice decider', () => {
  const invoices = deciderSpec(invoiceDecider);
  const issued: InvoiceEvent = {
    type: 'InvoiceIssued',
    data: {
      invoice_id: 'i1',
      order_id: 'o1',
      customer_id: 'c1',
      line_items: [{ description: 'd', quantity: 3, unit_price: 0.1 }],
      subtotal: 0.3,
      tax: 0,
      total: 0.3,
      issued_at: 't',
    },
  };
  it('computes totals in cents and voids once', () => {
    invoices
      .given([])
      .when({
        type: 'GenerateInvoice',
        invoice_id: 'i1',
        at: 't',
        order_id: 'o1',
        customer_id: 'c1',
        line_items: [{ description: 'd', quantity: 3, unit_price: 0.1 }],
        tax: 0,
      })
      .thenEvents([issued]);
    const voided: InvoiceEvent = {
      type: 'InvoiceVoided',
      data: { invoice_id: 'i1', order_id: 'o1', reason: 'r' },
    };
    invoices.given([issued]).when({ type: 'VoidInvoice', reason: 'r' }).thenEvents([voided]);
    invoices
      .given([issued, voided])
      .when({ type: 'VoidInvoice', reason: 'r' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Voided to Voided');
    invoices.given([]).when({ type: 'VoidInvoice', reason: 'r' }).thenThrows(NotFoundError);
  });
});
