import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { productDecider } from '../catalogue/product.ts';
import type { CartItem } from './cart.ts';
import type { OrderLine } from './order-events.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Turns cart items into order lines. A cart only names product and variant; title, SKU and
 * price come from the catalogue when the product is ours (variant id = variant SKU, as
 * ShopStream clients use it). Ids of other domains are opaque and unchecked (API.md), so an
 * unknown product still checks out: SKU = variant id, title = product id, price 0.
 *
 * @example
 * const items = await orderLinesOf(ctx, cart.items);
 */
export async function orderLinesOf(ctx: ServiceContext, items: readonly CartItem[]): Promise<OrderLine[]> {
  const productIds = [...new Set(items.map((item) => item.product_id))].filter((id) => ID.test(id));
  const products = new Map(
    await Promise.all(
      productIds.map(
        async (id) => [id, (await loadAggregate(ctx, productDecider, `Product-${id}`)).state] as const,
      ),
    ),
  );
  return items.map((item) => {
    const product = products.get(item.product_id);
    const variant = product?.variants.find((v) => v.variant_sku === item.variant_id);
    return {
      item_id: crypto.randomUUID(),
      product_id: item.product_id,
      variant_id: item.variant_id,
      sku: variant?.variant_sku ?? item.variant_id,
      title: product?.title ?? item.product_id,
      quantity: item.quantity,
      unit_price: variant?.base_price ?? 0,
    };
  });
}
