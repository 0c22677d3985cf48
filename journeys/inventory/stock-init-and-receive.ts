import { Journey } from 'journeys-runner';
import { adjustment, newStockItem, newWarehouse, receipt, stockCheck } from '../../generators/inventory.ts';
import {
  adjustStock,
  checkStock,
  createStockItem,
  createWarehouse,
  receiveStock,
} from '../../suite/api/inventory.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** A warehouse opens, takes in a new item, receives a delivery, corrects a miscount and counts its stock. */
export class StockInitAndReceive extends Journey<ShopUser> {
  static tags = ['inventory'];

  warehouseId = '';
  itemId = '';
  onHand = 0;
  steps = [this.createWarehouse, this.initializeStock, this.receive, this.adjust, this.stockCheck];

  async createWarehouse() {
    this.warehouseId = await createWarehouse(this.client, newWarehouse(this.user.data));
    this.user.adoptWarehouse(this.warehouseId);
  }

  async initializeStock() {
    const body = newStockItem(this.user.data, this.warehouseId);
    this.itemId = await createStockItem(this.client, body);
    this.onHand = body.initial_quantity;
  }

  async receive() {
    const body = receipt(this.user.data);
    await receiveStock(this.client, this.itemId, body);
    this.onHand += body.quantity;
  }

  async adjust() {
    const body = adjustment(this.user.data, this.onHand);
    await adjustStock(this.client, this.itemId, body);
    this.onHand += body.quantity_change;
  }

  async stockCheck() {
    await checkStock(this.client, this.itemId, stockCheck(this.user.data, this.onHand));
  }
}
