import { Journey } from 'journeys-runner';
import { newProduct, newVariant } from '../../generators/catalogue.ts';
import { addVariant, createProduct, moveProduct } from '../../suite/api/catalogue.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** A product's whole life: Draft → Active (with a variant) → Discontinued → Archived. */
export class ProductLifecycle extends Journey<ShopUser> {
  static tags = ['catalogue'];

  productId = '';
  steps = [this.create, this.addVariant, this.activate, this.discontinue, this.archive];

  async create() {
    this.productId = await createProduct(this.client, newProduct(this.user.data));
  }

  async addVariant() {
    await addVariant(this.client, this.productId, newVariant(this.user.data));
  }

  async activate() {
    await moveProduct(this.client, this.productId, 'activate');
  }

  async discontinue() {
    await moveProduct(this.client, this.productId, 'discontinue');
  }

  async archive() {
    await moveProduct(this.client, this.productId, 'archive');
  }
}
