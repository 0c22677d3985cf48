import { type Invariant, Journey, type TestContext } from 'journeys';
import { newProduct, newVariant } from '../../generators/catalogue.ts';
import { createDataSource } from '../../generators/faker.ts';
import { newStockItem, newWarehouse, reservation } from '../../generators/inventory.ts';
import { addVariant, createProduct, moveProduct } from '../../suite/api/catalogue.ts';
import { createStockItem, createWarehouse, getStockLevels } from '../../suite/api/inventory.ts';
import { noOversell } from '../../suite/invariants/no-oversell.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** The one item every user of the run fights over, set up once per run. */
export interface FlashSaleItem {
  inventoryItemId: string;
  initial: number;
}

const UNITS = 10;

/**
 * A flash sale: the last 10 units of one item, and every user of the run (in every
 * worker thread) trying to reserve one at once. Winning (201), finding it sold out (400)
 * and losing a write race (409) are all expected outcomes; after the run the item must
 * not be oversold.
 */
export class FlashSaleStampede extends Journey<ShopUser> {
  static tags = ['cross-domain', 'race'];

  /** Lists the sale item and stocks its 10 units, once per run, in the main thread. */
  static async testStart(ctx: TestContext): Promise<FlashSaleItem> {
    const data = createDataSource(ctx.seed);
    const warehouseId = await createWarehouse(ctx.client, newWarehouse(data));
    const productId = await createProduct(ctx.client, newProduct(data));
    const variant = newVariant(data);
    await addVariant(ctx.client, productId, variant);
    await moveProduct(ctx.client, productId, 'activate');
    const sku = variant.variant_sku;
    const stock = newStockItem(data, warehouseId, { product_id: productId, variant_id: sku, sku }, UNITS);
    return { inventoryItemId: await createStockItem(ctx.client, stock), initial: UNITS };
  }

  static async invariants(ctx: TestContext, item: FlashSaleItem): Promise<Invariant[]> {
    return [noOversell(await getStockLevels(ctx.client, item.inventoryItemId), item.initial)];
  }

  steps = [this.reserve];

  async reserve() {
    const { inventoryItemId } = this.testData as FlashSaleItem;
    await this.client.post(`/inventory/${inventoryItemId}/reserve`, {
      json: reservation(this.user.data, undefined, 1),
      name: '[FLASH] POST /inventory/{id}/reserve',
      outcomes: { 201: 'won', 400: 'insufficient-stock', 409: 'conflict' },
    });
  }
}
