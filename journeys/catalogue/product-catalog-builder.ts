import { Journey } from 'journeys-runner';
import { newImage, newProduct, newVariant } from '../../generators/catalogue.ts';
import type { AddVariantBody, CreateProductBody } from '../../service/domains/catalogue/schemas.ts';
import { addImage, addVariant, createProduct, moveProduct } from '../../suite/api/catalogue.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/**
 * A seller lists a product: two variants, two images, then puts it on sale. Its variants
 * join the user's catalogue, so the user's later carts and orders buy them.
 */
export class ProductCatalogBuilder extends Journey<ShopUser> {
  static tags = ['catalogue'];

  product!: CreateProductBody;
  productId = '';
  variants: AddVariantBody[] = [];
  steps = [
    this.createProduct,
    this.addVariant,
    this.addSecondVariant,
    this.addImage,
    this.addSecondImage,
    this.activate,
  ];

  async createProduct() {
    this.product = newProduct(this.user.data);
    this.productId = await createProduct(this.client, this.product);
  }

  async addVariant() {
    const variant = newVariant(this.user.data);
    await addVariant(this.client, this.productId, variant);
    this.variants.push(variant);
  }

  async addSecondVariant() {
    await this.addVariant();
  }

  async addImage() {
    await addImage(this.client, this.productId, newImage(this.user.data));
  }

  async addSecondImage() {
    await this.addImage();
  }

  async activate() {
    await moveProduct(this.client, this.productId, 'activate');
    for (const variant of this.variants) {
      this.user.rememberVariant({
        product_id: this.productId,
        variant_id: variant.variant_sku,
        sku: variant.variant_sku,
        title: this.product.title,
        unit_price: variant.base_price,
      });
    }
  }
}
