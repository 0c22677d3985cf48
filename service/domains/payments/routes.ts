import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { ExpectedVersionConflict, InvalidSignatureError, NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { commandMetadata, now } from '../../http/request-meta.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { type InvoiceCommand, invoiceDecider } from './invoice.ts';
import { type PaymentCommand, paymentDecider } from './payment.ts';
import {
  type GenerateInvoiceBody,
  type InitiatePaymentBody,
  type PaymentWebhookBody,
  type RefundBody,
  type RefundWebhookBody,
  requestSchemas,
  type VoidInvoiceBody,
} from './schemas.ts';

const paymentStream = (id: string) => streamIdOf('Payment', id);
const invoiceStream = (id: string) => streamIdOf('Invoice', id);

/** Webhooks are checked before anything else: a forged call learns nothing about bodies or ids. */
function checkSignature(c: Context, expected: string): void {
  const given = Buffer.from(c.req.header('X-Gateway-Signature') ?? '');
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw new InvalidSignatureError();
}

/**
 * Payments and invoices. A payment's id is derived from its idempotency key (UUID v5), so
 * repeating a create — or racing two — always answers the same payment_id with one stream.
 */
export function paymentsRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const payment = (c: Context, id: string, command: PaymentCommand) =>
    handleCommand(ctx, paymentDecider, paymentStream(id), command, { metadata: commandMetadata(c) });
  const invoice = (c: Context, id: string, command: InvoiceCommand) =>
    handleCommand(ctx, invoiceDecider, invoiceStream(id), command, { metadata: commandMetadata(c) });

  app.post('/payments', async (c) => {
    const body = await parseBody<InitiatePaymentBody>(c, requestSchemas['POST /payments']);
    const paymentId = nameBasedId('payment', body.idempotency_key);
    try {
      await payment(c, paymentId, { type: 'InitiatePayment', payment_id: paymentId, at: now(), ...body });
    } catch (error) {
      // Lost a same-key race even after retries (or with MAX_RETRIES=0): the winner's payment is ours too.
      if (!(error instanceof ExpectedVersionConflict)) throw error;
      const { exists } = await loadAggregate(ctx, paymentDecider, paymentStream(paymentId));
      if (!exists) throw error;
    }
    return c.json({ payment_id: paymentId }, 201);
  });
  app.post('/payments/webhook', async (c) => {
    checkSignature(c, ctx.config.webhookSignature);
    const body = await parseBody<PaymentWebhookBody>(c, requestSchemas['POST /payments/webhook']);
    await payment(c, body.payment_id, {
      type: 'RecordGatewayResult',
      succeeded: body.gateway_status === 'succeeded',
      gateway_transaction_id: body.gateway_transaction_id,
      failure_reason: body.failure_reason,
    });
    return c.json({ status: 'processed' });
  });
  app.post('/payments/refund/webhook', async (c) => {
    checkSignature(c, ctx.config.webhookSignature);
    const body = await parseBody<RefundWebhookBody>(c, requestSchemas['POST /payments/refund/webhook']);
    await payment(c, body.payment_id, {
      type: 'ConfirmRefund',
      refund_id: body.refund_id,
      gateway_refund_id: body.gateway_refund_id,
    });
    return c.json({ status: 'refund_processed' });
  });
  app.post('/payments/:id/retry', async (c) => {
    await payment(c, c.req.param('id'), { type: 'RetryPayment' });
    return c.json({ status: 'retry_initiated' });
  });
  app.post('/payments/:id/refund', async (c) => {
    const body = await parseBody<RefundBody>(c, requestSchemas['POST /payments/{id}/refund']);
    const refundId = crypto.randomUUID();
    await payment(c, c.req.param('id'), { type: 'RequestRefund', refund_id: refundId, ...body });
    return c.json({ refund_id: refundId });
  });
  app.get('/payments/:id', async (c) => {
    const { state } = await loadAggregate(ctx, paymentDecider, paymentStream(c.req.param('id')));
    if (!state) throw new NotFoundError('Payment not found');
    return c.json(state);
  });

  app.post('/invoices', async (c) => {
    const body = await parseBody<GenerateInvoiceBody>(c, requestSchemas['POST /invoices']);
    const invoiceId = crypto.randomUUID();
    await invoice(c, invoiceId, { type: 'GenerateInvoice', invoice_id: invoiceId, at: now(), ...body });
    return c.json({ invoice_id: invoiceId }, 201);
  });
  app.put('/invoices/:id/void', async (c) => {
    const body = await parseBody<VoidInvoiceBody>(c, requestSchemas['PUT /invoices/{id}/void']);
    await invoice(c, c.req.param('id'), { type: 'VoidInvoice', reason: body.reason });
    return c.json({ status: 'voided' });
  });
  app.get('/invoices/:id', async (c) => {
    const { state } = await loadAggregate(ctx, invoiceDecider, invoiceStream(c.req.param('id')));
    if (!state) throw new NotFoundError('Invoice not found');
    return c.json(state);
  });
  return app;
}
