import type {
  GenerateInvoiceBody,
  InitiatePaymentBody,
  PaymentWebhookBody,
  RefundBody,
  RefundWebhookBody,
  VoidInvoiceBody,
} from '../service/domains/payments/schemas.ts';
import { price } from './catalogue.ts';
import { cents, type DataSource } from './faker.ts';
import { paymentMethod } from './ordering.ts';

/** Headers every gateway webhook needs (the service checks them before anything else). */
export const WEBHOOK_HEADERS: Readonly<Record<string, string>> = { 'X-Gateway-Signature': 'test-signature' };

/** An amount a shopper pays: 9.99–899.97 (up to three variants). */
export function amount({ faker }: DataSource): number {
  return cents(faker.number.float({ min: 9.99, max: 899.97, fractionDigits: 2 }));
}

/**
 * A payment for an order, with a fresh idempotency key (sending the same body twice
 * returns the same payment).
 * @example await client.post('/payments', { json: newPayment(data, { orderId, customerId, amount }), expect: [201] })
 */
export function newPayment(
  data: DataSource,
  order: { orderId?: string; customerId?: string; amount?: number } = {},
): InitiatePaymentBody {
  const { faker } = data;
  return {
    order_id: order.orderId ?? faker.string.uuid(),
    customer_id: order.customerId ?? faker.string.uuid(),
    amount: order.amount ?? amount(data),
    currency: 'USD',
    payment_method_type: paymentMethod(data),
    last4: faker.finance.creditCardNumber().replace(/\D/g, '').slice(-4).padStart(4, '0'),
    // The run tag too: a key reused by a later run with the same seed would return that run's payment.
    idempotency_key: `idem-${data.runTag}${faker.string.uuid()}`,
  };
}

/** The gateway reporting a captured payment. */
export function webhookSucceeded({ faker }: DataSource, paymentId: string): PaymentWebhookBody {
  return {
    payment_id: paymentId,
    gateway_transaction_id: `txn_${faker.string.alphanumeric(24)}`,
    gateway_status: 'succeeded',
  };
}

/** The gateway reporting a declined payment. */
export function webhookFailed({ faker }: DataSource, paymentId: string): PaymentWebhookBody {
  return {
    payment_id: paymentId,
    gateway_transaction_id: `txn_${faker.string.alphanumeric(24)}`,
    gateway_status: 'failed',
    failure_reason: faker.helpers.arrayElement([
      'card_declined',
      'insufficient_funds',
      'expired_card',
      'do_not_honor',
    ]),
  };
}

/** Body of `POST /payments/{id}/refund`: all of `paid`, or part of it. */
export function refundRequest({ faker }: DataSource, paid: number): RefundBody {
  const full = faker.datatype.boolean({ probability: 0.7 });
  return {
    amount: full ? paid : cents(Math.max(0.01, paid * faker.number.float({ min: 0.1, max: 0.9 }))),
    reason: faker.helpers.arrayElement(['Customer return', 'Damaged item', 'Order cancelled', 'Goodwill']),
  };
}

/** The gateway confirming a refund. */
export function refundWebhook({ faker }: DataSource, paymentId: string, refundId: string): RefundWebhookBody {
  return {
    payment_id: paymentId,
    refund_id: refundId,
    gateway_refund_id: `re_${faker.string.alphanumeric(24)}`,
  };
}

/** An invoice for an order's lines (or 1–3 made-up lines). */
export function newInvoice(
  data: DataSource,
  order: {
    orderId?: string;
    customerId?: string;
    items?: readonly { title: string; quantity: number; unit_price: number }[];
  } = {},
): GenerateInvoiceBody {
  const { faker } = data;
  const items =
    order.items ??
    Array.from({ length: faker.number.int({ min: 1, max: 3 }) }, () => ({
      title: faker.commerce.productName(),
      quantity: faker.number.int({ min: 1, max: 3 }),
      unit_price: price(data),
    }));
  return {
    order_id: order.orderId ?? faker.string.uuid(),
    customer_id: order.customerId ?? faker.string.uuid(),
    line_items: items.map((item) => ({
      description: item.title,
      quantity: item.quantity,
      unit_price: item.unit_price,
    })),
    tax: 0,
  };
}

/** Body of `PUT /invoices/{id}/void`. */
export function invoiceVoid({ faker }: DataSource): VoidInvoiceBody {
  return { reason: faker.helpers.arrayElement(['Issued in error', 'Order cancelled', 'Duplicate invoice']) };
}
