/** The payments calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys-runner';
import { WEBHOOK_HEADERS } from '../../generators/payments.ts';
import type {
  GenerateInvoiceBody,
  InitiatePaymentBody,
  PaymentWebhookBody,
  RefundBody,
  RefundWebhookBody,
  VoidInvoiceBody,
} from '../../service/domains/payments/schemas.ts';
import { call } from './call.ts';

/** What the journeys and invariants read from `GET /payments/{id}`. */
export interface PaymentView {
  payment_id: string;
  order_id: string;
  status: string;
  amount: number;
  attempt_count: number;
  total_refunded: number;
}

/** `POST /payments` → the payment's id. */
export async function initiatePayment(client: HttpClient, body: InitiatePaymentBody): Promise<string> {
  const res = await call(client, 'POST /payments', { json: body, expect: [201] });
  return res.json.payment_id;
}

/** `POST /payments/webhook`, signed as the gateway signs it. */
export function sendPaymentWebhook(client: HttpClient, body: PaymentWebhookBody) {
  return call(client, 'POST /payments/webhook', { json: body, headers: WEBHOOK_HEADERS, expect: [200] });
}

export function retryPayment(client: HttpClient, paymentId: string) {
  return call(client, 'POST /payments/{id}/retry', { params: { id: paymentId }, expect: [200] });
}

/** `POST /payments/{id}/refund` → the refund's id. */
export async function requestRefund(client: HttpClient, paymentId: string, body: RefundBody) {
  const res = await call(client, 'POST /payments/{id}/refund', {
    params: { id: paymentId },
    json: body,
    expect: [200],
  });
  return res.json.refund_id as string;
}

export function sendRefundWebhook(client: HttpClient, body: RefundWebhookBody) {
  return call(client, 'POST /payments/refund/webhook', {
    json: body,
    headers: WEBHOOK_HEADERS,
    expect: [200],
  });
}

export async function getPayment(client: HttpClient, paymentId: string): Promise<PaymentView> {
  const res = await call(client, 'GET /payments/{id}', { params: { id: paymentId }, expect: [200] });
  return res.json;
}

/** `POST /invoices` → the invoice's id. */
export async function createInvoice(client: HttpClient, body: GenerateInvoiceBody): Promise<string> {
  const res = await call(client, 'POST /invoices', { json: body, expect: [201] });
  return res.json.invoice_id;
}

export function voidInvoice(client: HttpClient, invoiceId: string, body: VoidInvoiceBody) {
  return call(client, 'PUT /invoices/{id}/void', { params: { id: invoiceId }, json: body, expect: [200] });
}
