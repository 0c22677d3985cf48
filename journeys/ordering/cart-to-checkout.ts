import { Journey } from 'journeys-runner';
import { cartItem, checkout, distinctVariants, newCart } from '../../generators/ordering.ts';
import { addCartItem, checkoutCart, createCart, getOrder } from '../../suite/api/ordering.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** A guest or a signed-in shopper fills a cart and checks out; the cart becomes an order. */
export class CartToCheckout extends Journey<ShopUser> {
  static tags = ['ordering'];

  cartId = '';
  lines = 0;
  orderId = '';
  steps = [this.createCart, this.addItems, this.checkout, this.viewOrder];

  async createCart() {
    const signedIn = this.user.data.faker.datatype.boolean({ probability: 0.7 });
    this.cartId = await createCart(
      this.client,
      newCart(this.user.data, signedIn ? await this.user.customerId() : undefined),
    );
  }

  async addItems() {
    const { data } = this.user;
    const variants = distinctVariants(data, this.user.catalogue, data.faker.number.int({ min: 1, max: 3 }));
    for (const variant of variants) await addCartItem(this.client, this.cartId, cartItem(data, variant));
    this.lines = variants.length;
  }

  async checkout() {
    this.orderId = await checkoutCart(this.client, this.cartId, checkout(this.user.data));
  }

  async viewOrder() {
    const order = await getOrder(this.client, this.orderId);
    if (order.status !== 'Created' || order.items.length !== this.lines) {
      throw new Error(
        `checkout made order ${this.orderId} ${order.status} with ${order.items.length} lines, expected Created with ${this.lines}`,
      );
    }
  }
}
