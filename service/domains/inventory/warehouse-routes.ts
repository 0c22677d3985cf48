import { type Context, Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { commandMetadata } from '../../http/request-meta.ts';
import { streamIdOf } from '../../ids.ts';
import {
  type AddZoneBody,
  type CreateWarehouseBody,
  requestSchemas as schemas,
  type UpdateWarehouseBody,
} from './schemas.ts';
import { type WarehouseCommand, warehouseDecider } from './warehouse.ts';

const warehouseStream = (id: string) => streamIdOf('Warehouse', id, 'Warehouse');

/** Warehouse routes (API.md "Inventory"), plus `GET /warehouses/{id}` (ours). */
export function warehouseRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const run = (c: Context, command: WarehouseCommand) =>
    handleCommand(ctx, warehouseDecider, warehouseStream(c.req.param('id')!), command, {
      metadata: commandMetadata(c),
    });

  app.post('/warehouses', async (c) => {
    const body = await parseBody<CreateWarehouseBody>(c, schemas['POST /warehouses']);
    const warehouseId = crypto.randomUUID();
    await handleCommand(
      ctx,
      warehouseDecider,
      warehouseStream(warehouseId),
      { type: 'CreateWarehouse', warehouse_id: warehouseId, ...body },
      { metadata: commandMetadata(c) },
    );
    return c.json({ warehouse_id: warehouseId }, 201);
  });
  app.put('/warehouses/:id', async (c) => {
    const body = await parseBody<UpdateWarehouseBody>(c, schemas['PUT /warehouses/{id}'], { optional: true });
    await run(c, { type: 'UpdateWarehouse', ...body });
    return c.json({ status: 'ok' });
  });
  app.post('/warehouses/:id/zones', async (c) => {
    const body = await parseBody<AddZoneBody>(c, schemas['POST /warehouses/{id}/zones']);
    await run(c, { type: 'AddZone', ...body });
    return c.json({ status: 'ok' }, 201);
  });
  app.put('/warehouses/:id/deactivate', async (c) => {
    await run(c, { type: 'DeactivateWarehouse' });
    return c.json({ status: 'ok' });
  });
  app.get('/warehouses/:id', async (c) => {
    const { state, exists } = await loadAggregate(ctx, warehouseDecider, warehouseStream(c.req.param('id')));
    if (!exists) throw new NotFoundError('Warehouse not found');
    return c.json(state);
  });
  return app;
}
