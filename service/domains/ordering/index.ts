import { Hono } from 'hono';
import type { ServiceContext } from '../../context.ts';
import type { InlineProjection } from '../../eventstore/types.ts';
import { cartRoutes } from './cart-routes.ts';
import { ORDER_PAYMENTS, type OrderPaymentLink, orderPaymentsProjection } from './order-payments.ts';
import { orderRoutes } from './order-routes.ts';
import { ordersProjection } from './projections.ts';

export { type CartCommand, type CartEvent, cartDecider } from './cart.ts';
export { orderDecider } from './order.ts';
export type { OrderCommand, OrderEvent, OrderStatus } from './order-events.ts';
export { orderStream } from './order-routes.ts';
export { ORDERS, type OrderDocument } from './projections.ts';
export { requestSchemas as orderingRequestSchemas } from './schemas.ts';
export { ORDER_PAYMENTS, type OrderPaymentLink };

/** Carts and orders (API.md "Ordering"), mounted at `/`. */
export function orderingRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  app.route('/', cartRoutes(ctx));
  app.route('/', orderRoutes(ctx));
  return app;
}

/**
 * The `orders` read model behind `GET /orders` and `GET /orders/{id}`, and the payments of
 * each order (for the checkout saga); carts are read from their streams.
 */
export const orderingProjections: InlineProjection[] = [ordersProjection, orderPaymentsProjection];
