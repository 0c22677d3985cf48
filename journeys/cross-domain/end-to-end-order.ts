import { newProduct, newVariant } from '../../generators/catalogue.ts';
import { newCustomer } from '../../generators/identity.ts';
import { newStockItem, newWarehouse, reservation } from '../../generators/inventory.ts';
import { newOrder, type SellableVariant } from '../../generators/ordering.ts';
import { newInvoice } from '../../generators/payments.ts';
import type { CreateOrderBody } from '../../service/domains/ordering/schemas.ts';
import { addVariant, createProduct, moveProduct } from '../../suite/api/catalogue.ts';
import { registerCustomer } from '../../suite/api/identity.ts';
import { createStockItem, createWarehouse, reserveStock } from '../../suite/api/inventory.ts';
import { createInvoice } from '../../suite/api/payments.ts';
import { OrderJourney } from '../../suite/order-journey.ts';

/**
 * One order through all five domains, in 16 steps along the legal path: a new customer
 * buys a newly listed product from freshly stocked shelves; the order is reserved,
 * confirmed, paid through the gateway, shipped, delivered and invoiced.
 */
export class EndToEndOrder extends OrderJourney {
  static tags = ['cross-domain'];

  customerId = '';
  productId = '';
  productTitle = '';
  variant!: SellableVariant;
  warehouseId = '';
  itemId = '';

  steps = [
    this.register,
    this.createProduct,
    this.addVariant,
    this.activateProduct,
    this.createWarehouse,
    this.initializeStock,
    this.createOrder,
    this.reserveStock,
    this.confirm,
    this.initiatePayment,
    this.paymentPending,
    this.webhookSuccess,
    this.paymentSuccess,
    this.ship,
    this.deliver,
    this.invoice,
  ];

  async register() {
    this.customerId = await registerCustomer(this.client, newCustomer(this.user.data));
  }

  async createProduct() {
    const product = newProduct(this.user.data);
    this.productId = await createProduct(this.client, product);
    this.productTitle = product.title;
  }

  async addVariant() {
    const variant = newVariant(this.user.data);
    await addVariant(this.client, this.productId, variant);
    const sku = variant.variant_sku;
    this.variant = {
      product_id: this.productId,
      variant_id: sku,
      sku,
      title: this.productTitle,
      unit_price: variant.base_price,
    };
  }

  async activateProduct() {
    await moveProduct(this.client, this.productId, 'activate');
    this.user.rememberVariant(this.variant);
  }

  async createWarehouse() {
    this.warehouseId = await createWarehouse(this.client, newWarehouse(this.user.data));
  }

  async initializeStock() {
    this.itemId = await createStockItem(
      this.client,
      newStockItem(this.user.data, this.warehouseId, this.variant),
    );
  }

  override async orderBody(): Promise<CreateOrderBody> {
    return newOrder(this.user.data, this.customerId, [this.variant]);
  }

  async reserveStock() {
    await reserveStock(this.client, this.itemId, {
      ...reservation(this.user.data, this.orderId),
      quantity: this.order.items[0].quantity,
    });
  }

  async invoice() {
    await createInvoice(
      this.client,
      newInvoice(this.user.data, {
        orderId: this.orderId,
        customerId: this.customerId,
        items: this.order.items,
      }),
    );
  }
}
