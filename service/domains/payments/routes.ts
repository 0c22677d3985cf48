import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { InvalidSignatureError, NotFoundError } from '../../errors.ts';
import { ExpectedVersionConflict } from '../../eventstore/store-errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { now } from '../../http/request-meta.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { invoiceDecider } from './invoice.ts';
import { paymentDecider } from './payment.ts';
import { requestSchemas } from './schemas.ts';

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
  const route = routesFrom(app, requestSchemas);
  const payment = streamCommand(ctx, paymentDecider, paymentStream);
  const invoice = streamCommand(ctx, invoiceDecider, invoiceStream);

  const signed = { guard: (c: Context) => checkSignature(c, ctx.config.webhookSignature) };

  route(
    'POST /payments',
    async (c, body) => {
      const paymentId = nameBasedId('payment', body.idempotency_key);
      try {
        await payment(c, { type: 'InitiatePayment', payment_id: paymentId, at: now(), ...body }, paymentId);
      } catch (error) {
        // Lost a same-key race even after retries (or with MAX_RETRIES=0): the winner's payment is ours too.
        if (!(error instanceof ExpectedVersionConflict)) throw error;
        const { exists } = await loadAggregate(ctx, paymentDecider, paymentStream(paymentId));
        if (!exists) throw error;
      }
      return { payment_id: paymentId };
    },
    { status: 201 },
  );
  route(
    'POST /payments/webhook',
    async (c, body) => {
      const command = {
        type: 'RecordGatewayResult',
        succeeded: body.gateway_status === 'succeeded',
        gateway_transaction_id: body.gateway_transaction_id,
        failure_reason: body.failure_reason,
      } as const;
      await payment(c, command, body.payment_id);
      return { status: 'processed' };
    },
    signed,
  );
  route(
    'POST /payments/refund/webhook',
    async (c, body) => {
      const { payment_id, refund_id, gateway_refund_id } = body;
      await payment(c, { type: 'ConfirmRefund', refund_id, gateway_refund_id }, payment_id);
      return { status: 'refund_processed' };
    },
    signed,
  );
  route('POST /payments/{id}/retry', async (c) => {
    await payment(c, { type: 'RetryPayment' });
    return { status: 'retry_initiated' };
  });
  route('POST /payments/{id}/refund', async (c, body) => {
    const refundId = crypto.randomUUID();
    await payment(c, { type: 'RequestRefund', refund_id: refundId, ...body });
    return { refund_id: refundId };
  });
  route('GET /payments/{id}', async (c) => {
    const { state } = await loadAggregate(ctx, paymentDecider, paymentStream(c.req.param('id') ?? ''));
    if (!state) throw new NotFoundError('Payment not found');
    return state;
  });

  route(
    'POST /invoices',
    async (c, body) => {
      const invoiceId = crypto.randomUUID();
      await invoice(c, { type: 'GenerateInvoice', invoice_id: invoiceId, at: now(), ...body }, invoiceId);
      return { invoice_id: invoiceId };
    },
    { status: 201 },
  );
  route('PUT /invoices/{id}/void', async (c, body) => {
    await invoice(c, { type: 'VoidInvoice', reason: body.reason });
    return { status: 'voided' };
  });
  route('GET /invoices/{id}', async (c) => {
    const { state } = await loadAggregate(ctx, invoiceDecider, invoiceStream(c.req.param('id') ?? ''));
    if (!state) throw new NotFoundError('Invoice not found');
    return state;
  });
  return app;
}
