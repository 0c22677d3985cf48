import { Hono } from 'hono';
import type { ServiceContext } from '../../context.ts';
import type { InlineProjection } from '../../eventstore/types.ts';
import { inventoryProjection } from './projections.ts';
import { stockRoutes } from './stock-routes.ts';
import { warehouseRoutes } from './warehouse-routes.ts';

export { expireReservations } from './expire-reservations.ts';
export { RESERVATIONS, type ReservationDocument, STOCK_ITEMS, type StockLevels } from './projections.ts';
export { requestSchemas as inventoryRequestSchemas } from './schemas.ts';
export { stockItemDecider } from './stock-item.ts';
export type { StockItemCommand, StockItemEvent } from './stock-item-events.ts';
export { stockItemStream } from './stock-routes.ts';
export { warehouseDecider } from './warehouse.ts';

/** Warehouses and stock items (API.md "Inventory"), mounted at `/`. */
export function inventoryRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  app.route('/', warehouseRoutes(ctx));
  app.route('/', stockRoutes(ctx));
  return app;
}

/** Stock levels (`GET /inventory`) and reservations by status/order (expiry, checkout saga). */
export const inventoryProjections: InlineProjection[] = [inventoryProjection];
