import { Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { pageBody, pageOf } from '../../http/pagination.ts';
import { now } from '../../http/request-meta.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { streamIdOf } from '../../ids.ts';
import { expireReservations } from './expire-reservations.ts';
import { STOCK_ITEMS, type StockLevels } from './projections.ts';
import { requestSchemas } from './schemas.ts';
import { availableOf, stockItemDecider } from './stock-item.ts';

export const stockItemStream = (id: string) => streamIdOf('InventoryItem', id, 'Inventory item');

/**
 * Stock item routes (API.md "Inventory"). Reserve is the race everyone aims at: decide on the
 * loaded state, append expecting that version, retry on conflict (command handler), so
 * Σ active reservations ≤ on_hand however many requests arrive at once.
 */
export function stockRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const route = routesFrom(app, requestSchemas);
  const run = streamCommand(ctx, stockItemDecider, stockItemStream);
  const ok = { status: 'ok' };

  route(
    'POST /inventory',
    async (c, body) => {
      const id = crypto.randomUUID();
      await run(c, { type: 'CreateStockItem', inventory_item_id: id, ...body }, id);
      return { inventory_item_id: id };
    },
    { status: 201 },
  );
  route(
    'POST /inventory/maintenance/expire-reservations',
    async (_c, body) => ({ expired_count: await expireReservations(ctx, body.older_than_minutes) }),
    { optional: true },
  );
  route('PUT /inventory/{id}/receive', async (c, body) => {
    await run(c, { type: 'ReceiveStock', quantity: body.quantity, reference: body.reference ?? null });
    return ok;
  });
  route(
    'POST /inventory/{id}/reserve',
    async (c, body) => {
      const reservationId = crypto.randomUUID();
      await run(c, { type: 'ReserveStock', reservation_id: reservationId, ...body, at: now() });
      return { status: 'ok', reservation_id: reservationId };
    },
    { status: 201 },
  );
  route('PUT /inventory/{id}/adjust', async (c, body) => {
    await run(c, { type: 'AdjustStock', ...body });
    return ok;
  });
  route('PUT /inventory/{id}/stock-check', async (c, body) => {
    await run(c, { type: 'CountStock', ...body });
    return ok;
  });
  route('PUT /inventory/{id}/damage', async (c, body) => {
    await run(c, { type: 'DamageStock', ...body });
    return ok;
  });
  route('PUT /inventory/{id}/damage/write-off', async (c, body) => {
    await run(c, { type: 'WriteOffDamagedStock', ...body });
    return ok;
  });
  route('PUT /inventory/{id}/return', async (c, body) => {
    await run(c, { type: 'ReturnStock', ...body });
    return ok;
  });
  route('PUT /inventory/{id}/reservations/{rid}/release', async (c, body) => {
    await run(c, {
      type: 'ReleaseReservation',
      reservation_id: c.req.param('rid') ?? '',
      reason: body.reason,
    });
    return ok;
  });

  route('GET /inventory', async (c) => {
    const page = pageOf(c);
    const window = { offset: (page.page - 1) * page.page_size, limit: page.page_size };
    const found = await ctx.readStore.documents.find<StockLevels>(STOCK_ITEMS, {}, window);
    return pageBody(found.items, found.total, page);
  });
  route('GET /inventory/{id}', async (c) => {
    const stream = stockItemStream(c.req.param('id') ?? '');
    const { state, exists } = await loadAggregate(ctx, stockItemDecider, stream);
    if (!exists) throw new NotFoundError('Inventory item not found');
    const { reservations, ...item } = state;
    return { ...item, available: availableOf(state), reservations };
  });
  return app;
}
