import { Hono } from 'hono';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { enumParam, pageBody, pageOf } from '../../http/pagination.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { streamIdOf } from '../../ids.ts';
import { orderDecider } from './order.ts';
import { ORDER_STATUSES } from './order-events.ts';
import { ORDERS, type OrderDocument, orderSummary } from './projections.ts';
import { type OrderItemBody, requestSchemas } from './schemas.ts';
import { timelineOf } from './timeline.ts';

export const orderStream = (id: string) => streamIdOf('Order', id, 'Order');

/** The order line a client sent, with the id the server gives it. */
const lineOf = (item: OrderItemBody) => ({ item_id: crypto.randomUUID(), ...item });

/**
 * Order routes (API.md "Ordering"): create, items, the state machine's commands, detail,
 * timeline and our list. Every command is one version-checked append (see orderDecider).
 */
export function orderRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const route = routesFrom(app, requestSchemas);
  const run = streamCommand(ctx, orderDecider, orderStream);
  const ok = { status: 'ok' };

  route(
    'POST /orders',
    async (c, body) => {
      const orderId = crypto.randomUUID();
      const { items, payment_method, ...rest } = body;
      const lines = items.map(lineOf);
      const command = {
        type: 'CreateOrder',
        order_id: orderId,
        cart_id: null,
        items: lines,
        ...rest,
      } as const;
      await run(c, { ...command, payment_method: payment_method ?? null }, orderId);
      return { order_id: orderId };
    },
    { status: 201 },
  );
  route('POST /orders/{id}/items', async (c, item) => {
    await run(c, { type: 'AddOrderItem', item: lineOf(item) });
    return ok;
  });
  route('PUT /orders/{id}/payment/pending', async (c, body) => {
    await run(c, { type: 'MarkPaymentPending', ...body });
    return ok;
  });
  route('PUT /orders/{id}/payment/success', async (c, body) => {
    await run(c, { type: 'RecordPaymentSuccess', ...body });
    return ok;
  });
  route('PUT /orders/{id}/payment/failure', async (c, body) => {
    await run(c, { type: 'RecordPaymentFailure', ...body });
    return ok;
  });
  route('PUT /orders/{id}/ship', async (c, body) => {
    const { shipped_item_ids, estimated_delivery } = body;
    await run(c, {
      type: 'ShipOrder',
      ...body,
      shipped_item_ids: shipped_item_ids ?? null,
      estimated_delivery: estimated_delivery ?? null,
    });
    return ok;
  });
  route('PUT /orders/{id}/return/request', async (c, body) => {
    await run(c, { type: 'RequestReturn', reason: body.reason });
    return ok;
  });
  route(
    'PUT /orders/{id}/return/record',
    async (c, body) => {
      await run(c, { type: 'RecordReturn', returned_item_ids: body.returned_item_ids ?? null });
      return ok;
    },
    { optional: true },
  );
  route('PUT /orders/{id}/cancel', async (c, body) => {
    await run(c, { type: 'CancelOrder', ...body });
    return ok;
  });
  route(
    'PUT /orders/{id}/refund',
    async (c, body) => {
      await run(c, { type: 'RefundOrder', refund_amount: body.refund_amount ?? null });
      return ok;
    },
    { optional: true },
  );
  // Commands without a body: the path names the order, the template the transition.
  for (const [template, type] of [
    ['PUT /orders/{id}/confirm', 'ConfirmOrder'],
    ['PUT /orders/{id}/processing', 'StartProcessing'],
    ['PUT /orders/{id}/deliver', 'DeliverOrder'],
    ['PUT /orders/{id}/complete', 'CompleteOrder'],
    ['PUT /orders/{id}/return/approve', 'ApproveReturn'],
  ] as const) {
    route(template, async (c) => {
      await run(c, { type });
      return ok;
    });
  }

  route('GET /orders', async (c) => {
    const page = pageOf(c);
    const filter: Record<string, string> = {};
    const customerId = c.req.query('customer_id');
    const status = enumParam(c, 'status', ORDER_STATUSES);
    if (customerId) filter.customer_id = customerId;
    if (status) filter.status = status;
    const window = { offset: (page.page - 1) * page.page_size, limit: page.page_size };
    const found = await ctx.readStore.documents.find<OrderDocument>(ORDERS, filter, window);
    return pageBody(found.items.map(orderSummary), found.total, page);
  });
  route('GET /orders/{id}', async (c) => {
    const id = c.req.param('id') ?? '';
    orderStream(id);
    // The primary, not a replica: a GET right after a command must see it.
    const doc = await ctx.store.documents.get<OrderDocument>(ORDERS, id);
    if (!doc) throw new NotFoundError('Order not found');
    return doc;
  });
  route('GET /orders/{id}/timeline', async (c) => {
    const id = c.req.param('id') ?? '';
    const { events, streamExists } = await ctx.store.readStream(orderStream(id));
    if (!streamExists) throw new NotFoundError('Order not found');
    return timelineOf(id, events);
  });
  return app;
}
