import { type Context, Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { pageBody, pageOf } from '../../http/pagination.ts';
import { commandMetadata, now } from '../../http/request-meta.ts';
import { streamIdOf } from '../../ids.ts';
import { expireReservations } from './expire-reservations.ts';
import { STOCK_ITEMS, type StockLevels } from './projections.ts';
import * as body from './schemas.ts';
import { availableOf, stockItemDecider } from './stock-item.ts';
import type { StockItemCommand } from './stock-item-events.ts';

const { requestSchemas: schemas } = body;
export const stockItemStream = (id: string) => streamIdOf('InventoryItem', id, 'Inventory item');

/**
 * Stock item routes (API.md "Inventory"). Reserve is the race everyone aims at: decide on the
 * loaded state, append expecting that version, retry on conflict (command handler), so
 * Σ active reservations ≤ on_hand however many requests arrive at once.
 */
export function stockRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const run = (c: Context, command: StockItemCommand) =>
    handleCommand(ctx, stockItemDecider, stockItemStream(c.req.param('id')!), command, {
      metadata: commandMetadata(c),
    });
  const command =
    <B>(path: keyof typeof schemas, toCommand: (b: B) => StockItemCommand) =>
    async (c: Context) => {
      await run(c, toCommand(await parseBody<B>(c, schemas[path])));
      return c.json({ status: 'ok' });
    };

  app.post('/inventory', async (c) => {
    const b = await parseBody<body.CreateStockItemBody>(c, schemas['POST /inventory']);
    const id = crypto.randomUUID();
    await handleCommand(
      ctx,
      stockItemDecider,
      stockItemStream(id),
      { type: 'CreateStockItem', inventory_item_id: id, ...b },
      {
        metadata: commandMetadata(c),
      },
    );
    return c.json({ inventory_item_id: id }, 201);
  });
  app.post('/inventory/maintenance/expire-reservations', async (c) => {
    const b = await parseBody<body.ExpireBody>(
      c,
      schemas['POST /inventory/maintenance/expire-reservations'],
      { optional: true },
    );
    return c.json({ expired_count: await expireReservations(ctx, b.older_than_minutes) });
  });
  app.put(
    '/inventory/:id/receive',
    command<body.ReceiveBody>('PUT /inventory/{id}/receive', (b) => ({
      type: 'ReceiveStock',
      quantity: b.quantity,
      reference: b.reference ?? null,
    })),
  );
  app.post('/inventory/:id/reserve', async (c) => {
    const b = await parseBody<body.ReserveBody>(c, schemas['POST /inventory/{id}/reserve']);
    const reservationId = crypto.randomUUID();
    await run(c, { type: 'ReserveStock', reservation_id: reservationId, ...b, at: now() });
    return c.json({ status: 'ok', reservation_id: reservationId }, 201);
  });
  app.put(
    '/inventory/:id/adjust',
    command<body.AdjustBody>('PUT /inventory/{id}/adjust', (b) => ({ type: 'AdjustStock', ...b })),
  );
  app.put(
    '/inventory/:id/stock-check',
    command<body.StockCheckBody>('PUT /inventory/{id}/stock-check', (b) => ({ type: 'CountStock', ...b })),
  );
  app.put(
    '/inventory/:id/damage',
    command<body.DamageBody>('PUT /inventory/{id}/damage', (b) => ({ type: 'DamageStock', ...b })),
  );
  app.put(
    '/inventory/:id/damage/write-off',
    command<body.WriteOffBody>('PUT /inventory/{id}/damage/write-off', (b) => ({
      type: 'WriteOffDamagedStock',
      ...b,
    })),
  );
  app.put(
    '/inventory/:id/return',
    command<body.ReturnStockBody>('PUT /inventory/{id}/return', (b) => ({ type: 'ReturnStock', ...b })),
  );
  app.put('/inventory/:id/reservations/:rid/release', async (c) => {
    const b = await parseBody<body.ReleaseBody>(c, schemas['PUT /inventory/{id}/reservations/{rid}/release']);
    await run(c, { type: 'ReleaseReservation', reservation_id: c.req.param('rid'), reason: b.reason });
    return c.json({ status: 'ok' });
  });

  app.get('/inventory', async (c) => {
    const page = pageOf(c);
    const window = { offset: (page.page - 1) * page.page_size, limit: page.page_size };
    const found = await ctx.readStore.documents.find<StockLevels>(STOCK_ITEMS, {}, window);
    return c.json(pageBody(found.items, found.total, page));
  });
  app.get('/inventory/:id', async (c) => {
    const { state, exists } = await loadAggregate(ctx, stockItemDecider, stockItemStream(c.req.param('id')));
    if (!exists) throw new NotFoundError('Inventory item not found');
    const { reservations, ...item } = state;
    return c.json({ ...item, available: availableOf(state), reservations });
  });
  return app;
}
