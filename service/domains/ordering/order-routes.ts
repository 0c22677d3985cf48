import { type Context, Hono } from 'hono';
import { handleCommand } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { enumParam, pageBody, pageOf } from '../../http/pagination.ts';
import { commandMetadata } from '../../http/request-meta.ts';
import { streamIdOf } from '../../ids.ts';
import { orderDecider } from './order.ts';
import { ORDER_STATUSES, type OrderCommand } from './order-events.ts';
import { ORDERS, type OrderDocument, orderSummary } from './projections.ts';
import * as body from './schemas.ts';
import { timelineOf } from './timeline.ts';

const { requestSchemas: schemas } = body;
export const orderStream = (id: string) => streamIdOf('Order', id, 'Order');

/** The order line a client sent, with the id the server gives it. */
const lineOf = (item: body.OrderItemBody) => ({ item_id: crypto.randomUUID(), ...item });

/**
 * Order routes (API.md "Ordering"): create, items, the state machine's commands, detail,
 * timeline and our list. Every command is one version-checked append (see orderDecider).
 */
export function orderRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const run = (c: Context, command: OrderCommand) =>
    handleCommand(ctx, orderDecider, orderStream(c.req.param('id')!), command, {
      metadata: commandMetadata(c),
    });
  /** A state-machine command with a body: parse, run, answer `{"status":"ok"}`. */
  const command = <B>(path: keyof typeof schemas, toCommand: (b: B) => OrderCommand) => {
    return async (c: Context) => {
      const parsed = await parseBody<B>(c, schemas[path]);
      await run(c, toCommand(parsed));
      return c.json({ status: 'ok' });
    };
  };
  const bare = (toCommand: OrderCommand) => async (c: Context) => {
    await run(c, toCommand);
    return c.json({ status: 'ok' });
  };

  app.post('/orders', async (c) => {
    const b = await parseBody<body.CreateOrderBody>(c, schemas['POST /orders']);
    const orderId = crypto.randomUUID();
    const { items, payment_method, ...rest } = b;
    await handleCommand(
      ctx,
      orderDecider,
      orderStream(orderId),
      {
        type: 'CreateOrder',
        order_id: orderId,
        cart_id: null,
        items: items.map(lineOf),
        payment_method: payment_method ?? null,
        ...rest,
      },
      { metadata: commandMetadata(c) },
    );
    return c.json({ order_id: orderId }, 201);
  });
  app.post(
    '/orders/:id/items',
    command<body.OrderItemBody>('POST /orders/{id}/items', (item) => ({
      type: 'AddOrderItem',
      item: lineOf(item),
    })),
  );
  app.put('/orders/:id/confirm', bare({ type: 'ConfirmOrder' }));
  app.put(
    '/orders/:id/payment/pending',
    command<body.PaymentPendingBody>('PUT /orders/{id}/payment/pending', (b) => ({
      type: 'MarkPaymentPending',
      ...b,
    })),
  );
  app.put(
    '/orders/:id/payment/success',
    command<body.PaymentSuccessBody>('PUT /orders/{id}/payment/success', (b) => ({
      type: 'RecordPaymentSuccess',
      ...b,
    })),
  );
  app.put(
    '/orders/:id/payment/failure',
    command<body.PaymentFailureBody>('PUT /orders/{id}/payment/failure', (b) => ({
      type: 'RecordPaymentFailure',
      ...b,
    })),
  );
  app.put('/orders/:id/processing', bare({ type: 'StartProcessing' }));
  app.put(
    '/orders/:id/ship',
    command<body.ShipBody>('PUT /orders/{id}/ship', (b) => ({
      type: 'ShipOrder',
      ...b,
      shipped_item_ids: b.shipped_item_ids ?? null,
      estimated_delivery: b.estimated_delivery ?? null,
    })),
  );
  app.put('/orders/:id/deliver', bare({ type: 'DeliverOrder' }));
  app.put('/orders/:id/complete', bare({ type: 'CompleteOrder' }));
  app.put(
    '/orders/:id/return/request',
    command<body.ReturnRequestBody>('PUT /orders/{id}/return/request', (b) => ({
      type: 'RequestReturn',
      reason: b.reason,
    })),
  );
  app.put('/orders/:id/return/approve', bare({ type: 'ApproveReturn' }));
  app.put('/orders/:id/return/record', async (c) => {
    const b = await parseBody<body.ReturnRecordBody>(c, schemas['PUT /orders/{id}/return/record'], {
      optional: true,
    });
    await run(c, { type: 'RecordReturn', returned_item_ids: b.returned_item_ids ?? null });
    return c.json({ status: 'ok' });
  });
  app.put(
    '/orders/:id/cancel',
    command<body.CancelBody>('PUT /orders/{id}/cancel', (b) => ({ type: 'CancelOrder', ...b })),
  );
  app.put('/orders/:id/refund', async (c) => {
    const b = await parseBody<body.RefundBody>(c, schemas['PUT /orders/{id}/refund'], { optional: true });
    await run(c, { type: 'RefundOrder', refund_amount: b.refund_amount ?? null });
    return c.json({ status: 'ok' });
  });

  app.get('/orders', async (c) => {
    const page = pageOf(c);
    const filter: Record<string, string> = {};
    const customerId = c.req.query('customer_id');
    const status = enumParam(c, 'status', ORDER_STATUSES);
    if (customerId) filter.customer_id = customerId;
    if (status) filter.status = status;
    const window = { offset: (page.page - 1) * page.page_size, limit: page.page_size };
    const found = await ctx.readStore.documents.find<OrderDocument>(ORDERS, filter, window);
    return c.json(pageBody(found.items.map(orderSummary), found.total, page));
  });
  app.get('/orders/:id', async (c) => {
    const id = c.req.param('id');
    orderStream(id);
    // The primary, not a replica: a GET right after a command must see it.
    const doc = await ctx.store.documents.get<OrderDocument>(ORDERS, id);
    if (!doc) throw new NotFoundError('Order not found');
    return c.json(doc);
  });
  app.get('/orders/:id/timeline', async (c) => {
    const id = c.req.param('id');
    const { events, streamExists } = await ctx.store.readStream(orderStream(id));
    if (!streamExists) throw new NotFoundError('Order not found');
    return c.json(timelineOf(id, events));
  });
  return app;
}
