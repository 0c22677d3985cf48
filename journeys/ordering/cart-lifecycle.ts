import { Journey } from 'journeys-runner';
import { cartItem, distinctVariants, newCart } from '../../generators/ordering.ts';
import { abandonCart, addCartItem, createCart } from '../../suite/api/ordering.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** Window shopping: a cart gets three different items and is left behind. */
export class CartLifecycle extends Journey<ShopUser> {
  static tags = ['ordering'];

  cartId = '';
  steps = [this.createCart, this.addItems, this.abandon];

  async createCart() {
    this.cartId = await createCart(this.client, newCart(this.user.data, await this.user.customerId()));
  }

  async addItems() {
    for (const variant of distinctVariants(this.user.data, this.user.catalogue, 3)) {
      await addCartItem(this.client, this.cartId, cartItem(this.user.data, variant));
    }
  }

  async abandon() {
    await abandonCart(this.client, this.cartId);
  }
}
