import { Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { streamIdOf } from '../../ids.ts';
import { requestSchemas } from './schemas.ts';
import { warehouseDecider } from './warehouse.ts';

const warehouseStream = (id: string) => streamIdOf('Warehouse', id, 'Warehouse');

/** Warehouse routes (API.md "Inventory"), plus `GET /warehouses/{id}` (ours). */
export function warehouseRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const route = routesFrom(app, requestSchemas);
  const run = streamCommand(ctx, warehouseDecider, warehouseStream);
  const ok = { status: 'ok' };

  route(
    'POST /warehouses',
    async (c, body) => {
      const warehouseId = crypto.randomUUID();
      await run(c, { type: 'CreateWarehouse', warehouse_id: warehouseId, ...body }, warehouseId);
      return { warehouse_id: warehouseId };
    },
    { status: 201 },
  );
  route(
    'PUT /warehouses/{id}',
    async (c, body) => {
      await run(c, { type: 'UpdateWarehouse', ...body });
      return ok;
    },
    { optional: true },
  );
  route(
    'POST /warehouses/{id}/zones',
    async (c, body) => {
      await run(c, { type: 'AddZone', ...body });
      return ok;
    },
    { status: 201 },
  );
  route('PUT /warehouses/{id}/deactivate', async (c) => {
    await run(c, { type: 'DeactivateWarehouse' });
    return ok;
  });
  route('GET /warehouses/{id}', async (c) => {
    const { state, exists } = await loadAggregate(
      ctx,
      warehouseDecider,
      warehouseStream(c.req.param('id') ?? ''),
    );
    if (!exists) throw new NotFoundError('Warehouse not found');
    return state;
  });
  return app;
}
