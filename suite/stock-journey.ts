import { Journey } from 'journeys-runner';
import { newStockItem } from '../generators/inventory.ts';
import { createStockItem } from './api/inventory.ts';
import type { ShopUser } from './shop-user.ts';

/**
 * What the inventory journeys have in common: a fresh stock item in this shopper's
 * warehouse, and how many units it holds.
 *
 * @example
 * export class ReservationLifecycle extends StockJourney {
 *   steps = [this.initializeStock, this.reserve];
 * }
 */
export abstract class StockJourney extends Journey<ShopUser> {
  itemId = '';
  /** Units on hand as this journey left them. */
  onHand = 0;

  async initializeStock() {
    // A variant of its own (unique SKU): one stock item per variant and warehouse, as a real catalogue has.
    const body = newStockItem(this.user.data, await this.user.warehouseId());
    this.itemId = await createStockItem(this.client, body);
    this.onHand = body.initial_quantity;
  }
}
