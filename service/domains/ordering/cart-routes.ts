import { Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { routesFrom } from '../../http/command-route.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { type CartState, cartDecider } from './cart.ts';
import { orderLinesOf } from './cart-pricing.ts';
import { orderDecider } from './order.ts';
import type { OrderCommand } from './order-events.ts';
import { orderStream } from './order-routes.ts';
import { requestSchemas } from './schemas.ts';

const cartStream = (id: string) => streamIdOf('Cart', id, 'Cart');

/**
 * Cart routes (API.md "Ordering"). Checkout converts the cart first (one version-checked
 * append, so concurrent checkouts of one cart yield one order), then creates the order
 * under an id derived from the cart's, so a repeated create lands on the same stream and a
 * checkout interrupted between the two appends is finished by the next attempt. The body
 * names the addresses `shipping` and `billing`, as ShopStream's CheckoutRequest does; the
 * cart's and the order's events keep `shipping_address` / `billing_address`, as `POST /orders`.
 */
export function cartRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const route = routesFrom(app, requestSchemas);
  const run = streamCommand(ctx, cartDecider, cartStream);
  const createOrder = streamCommand(ctx, orderDecider, orderStream);
  const ok = { status: 'ok' };

  route(
    'POST /carts',
    async (c, body) => {
      const cartId = crypto.randomUUID();
      const owner = { customer_id: body.customer_id ?? null, session_id: body.session_id ?? null };
      await run(c, { type: 'CreateCart', cart_id: cartId, ...owner }, cartId);
      return { cart_id: cartId };
    },
    { status: 201, optional: true },
  );
  route('POST /carts/{id}/items', async (c, body) => {
    await run(c, { type: 'AddCartItem', ...body });
    return ok;
  });
  route('PUT /carts/{id}/abandon', async (c) => {
    await run(c, { type: 'AbandonCart' });
    return ok;
  });
  route('GET /carts/{id}', async (c) => {
    const { state, exists } = await loadAggregate(ctx, cartDecider, cartStream(c.req.param('id') ?? ''));
    if (!exists) throw new NotFoundError('Cart not found');
    return state;
  });
  /** A cart converted into an order that was never created (the process stopped between the two appends). */
  const unfinishedCheckout = async (cartId: string, orderId: string): Promise<CartState | undefined> => {
    const { state: cart } = await loadAggregate(ctx, cartDecider, cartStream(cartId));
    if (cart.status !== 'Converted' || cart.order_id !== orderId) return undefined;
    const order = await loadAggregate(ctx, orderDecider, orderStream(orderId));
    return order.exists ? undefined : cart;
  };

  route(
    'POST /carts/{id}/checkout',
    async (c, body) => {
      const cartId = c.req.param('id') ?? '';
      const orderId = nameBasedId('cart-order', cartId);
      const addresses = { shipping_address: body.shipping, billing_address: body.billing };
      const payment_method = body.payment_method ?? null;
      let cart: CartState;
      try {
        ({ state: cart } = await run(c, {
          type: 'CheckoutCart',
          order_id: orderId,
          ...addresses,
          payment_method,
        }));
      } catch (error) {
        const unfinished =
          error instanceof BusinessRuleError ? await unfinishedCheckout(cartId, orderId) : undefined;
        if (!unfinished) throw error;
        cart = unfinished;
      }
      const command: OrderCommand = {
        type: 'CreateOrder',
        order_id: orderId,
        customer_id: cart.customer_id ?? cart.session_id ?? 'anonymous',
        cart_id: cartId,
        items: await orderLinesOf(ctx, cart.items),
        ...{ ...addresses, payment_method },
        ...{ shipping_cost: 0, tax_total: 0, discount_total: 0, currency: 'USD' },
      };
      try {
        await createOrder(c, command, orderId);
      } catch (error) {
        // Finished meanwhile by a concurrent checkout of the same cart: the same one order.
        if (!(error instanceof BusinessRuleError && error.field === 'order_id')) throw error;
      }
      return { order_id: orderId };
    },
    { status: 201 },
  );
  return app;
}
