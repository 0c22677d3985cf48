import { type Context, Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { parseBody } from '../../http/json-body.ts';
import { commandMetadata } from '../../http/request-meta.ts';
import { nameBasedId, streamIdOf } from '../../ids.ts';
import { type CartCommand, type CartState, cartDecider } from './cart.ts';
import { orderLinesOf } from './cart-pricing.ts';
import { orderDecider } from './order.ts';
import type { OrderCommand } from './order-events.ts';
import { orderStream } from './order-routes.ts';
import {
  type AddCartItemBody,
  type CheckoutBody,
  type CreateCartBody,
  requestSchemas as schemas,
} from './schemas.ts';

const cartStream = (id: string) => streamIdOf('Cart', id, 'Cart');

/**
 * Cart routes (API.md "Ordering"). Checkout converts the cart first (one version-checked
 * append, so concurrent checkouts of one cart yield one order), then creates the order
 * under an id derived from the cart's, so a repeated create lands on the same stream and a
 * checkout interrupted between the two appends is finished by the next attempt.
 */
export function cartRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const run = (c: Context, command: CartCommand) =>
    handleCommand(ctx, cartDecider, cartStream(c.req.param('id')!), command, {
      metadata: commandMetadata(c),
    });

  app.post('/carts', async (c) => {
    const body = await parseBody<CreateCartBody>(c, schemas['POST /carts'], { optional: true });
    const cartId = crypto.randomUUID();
    await handleCommand(
      ctx,
      cartDecider,
      cartStream(cartId),
      {
        type: 'CreateCart',
        cart_id: cartId,
        customer_id: body.customer_id ?? null,
        session_id: body.session_id ?? null,
      },
      { metadata: commandMetadata(c) },
    );
    return c.json({ cart_id: cartId }, 201);
  });
  app.post('/carts/:id/items', async (c) => {
    const body = await parseBody<AddCartItemBody>(c, schemas['POST /carts/{id}/items']);
    await run(c, { type: 'AddCartItem', ...body });
    return c.json({ status: 'ok' });
  });
  app.put('/carts/:id/abandon', async (c) => {
    await run(c, { type: 'AbandonCart' });
    return c.json({ status: 'ok' });
  });
  app.get('/carts/:id', async (c) => {
    const { state, exists } = await loadAggregate(ctx, cartDecider, cartStream(c.req.param('id')));
    if (!exists) throw new NotFoundError('Cart not found');
    return c.json(state);
  });
  /** A cart converted into an order that was never created (the process stopped between the two appends). */
  const unfinishedCheckout = async (cartId: string, orderId: string): Promise<CartState | undefined> => {
    const { state: cart } = await loadAggregate(ctx, cartDecider, cartStream(cartId));
    if (cart.status !== 'Converted' || cart.order_id !== orderId) return undefined;
    const order = await loadAggregate(ctx, orderDecider, orderStream(orderId));
    return order.exists ? undefined : cart;
  };

  app.post('/carts/:id/checkout', async (c) => {
    const body = await parseBody<CheckoutBody>(c, schemas['POST /carts/{id}/checkout']);
    const cartId = c.req.param('id');
    const orderId = nameBasedId('cart-order', cartId);
    const { shipping_address, billing_address } = body;
    const payment_method = body.payment_method ?? null;
    let cart: CartState;
    try {
      ({ state: cart } = await run(c, {
        type: 'CheckoutCart',
        order_id: orderId,
        shipping_address,
        billing_address,
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
      ...{ shipping_address, billing_address, payment_method },
      ...{ shipping_cost: 0, tax_total: 0, discount_total: 0, currency: 'USD' },
    };
    try {
      await handleCommand(ctx, orderDecider, orderStream(orderId), command, { metadata: commandMetadata(c) });
    } catch (error) {
      // Finished meanwhile by a concurrent checkout of the same cart: the same one order.
      if (!(error instanceof BusinessRuleError && error.field === 'order_id')) throw error;
    }
    return c.json({ order_id: orderId }, 201);
  });
  return app;
}
