import type {
  AddImageBody,
  AddVariantBody,
  CreateCategoryBody,
  CreateProductBody,
  ReorderCategoryBody,
  UpdateCategoryBody,
} from '../service/domains/catalogue/schemas.ts';
import { cents, type DataSource, uniqueToken } from './faker.ts';

/**
 * A SKU: prefix, hyphen, unique letters/digits — 3–50 chars, single hyphens
 * (`PROD-A1B2C3D4`).
 */
export function sku(data: DataSource, prefix = 'PROD'): string {
  return `${prefix}-${uniqueToken(data)}`;
}

/** A variant price between 9.99 and 299.99 USD. */
export function price({ faker }: DataSource): number {
  return cents(faker.number.float({ min: 9.99, max: 299.99, fractionDigits: 2 }));
}

/**
 * A draft product with a unique SKU, optionally filed under a category.
 * @example const { json } = await client.post('/products', { json: newProduct(data), expect: [201] });
 */
export function newProduct(data: DataSource, categoryId?: string): CreateProductBody {
  const { faker } = data;
  const title = faker.commerce.productName();
  const code = sku(data);
  const product: CreateProductBody = {
    sku: code,
    seller_id: faker.string.uuid(),
    title,
    description: faker.commerce.productDescription(),
    brand: faker.company.name().slice(0, 100),
    attributes: { material: faker.commerce.productMaterial(), department: faker.commerce.department() },
    visibility: faker.helpers.weightedArrayElement([
      { value: 'Public', weight: 8 },
      { value: 'Unlisted', weight: 1 },
      { value: 'Tier_Restricted', weight: 1 },
    ] as const),
    meta_title: title.slice(0, 70),
    meta_description: faker.commerce.productDescription().slice(0, 160),
    slug: `${faker.helpers.slugify(title).toLowerCase()}-${code.slice(5).toLowerCase()}`,
  };
  if (categoryId) product.category_id = categoryId;
  return product;
}

/** A variant (colour and size) priced 9.99–299.99 USD, with weight and dimensions. */
export function newVariant(data: DataSource): AddVariantBody {
  const { faker } = data;
  return {
    variant_sku: sku(data, 'VAR'),
    attributes: { color: faker.color.human(), size: faker.helpers.arrayElement(['XS', 'S', 'M', 'L', 'XL']) },
    base_price: price(data),
    currency: 'USD',
    weight_value: faker.number.float({ min: 0.1, max: 20, fractionDigits: 2 }),
    weight_unit: faker.helpers.arrayElement(['kg', 'lb', 'g', 'oz'] as const),
    length: faker.number.int({ min: 1, max: 120 }),
    width: faker.number.int({ min: 1, max: 120 }),
    height: faker.number.int({ min: 1, max: 120 }),
    dimension_unit: faker.helpers.arrayElement(['cm', 'in'] as const),
  };
}

/** A product image; the API makes the first one primary itself. */
export function newImage({ faker }: DataSource): AddImageBody {
  return {
    url: faker.image.urlPicsumPhotos({ width: 800, height: 800 }),
    alt_text: faker.commerce.productAdjective(),
    is_primary: false,
  };
}

/** A category, under `parentId` when given. */
export function newCategory({ faker }: DataSource, parentId?: string): CreateCategoryBody {
  const category: CreateCategoryBody = {
    name: `${faker.commerce.department()} ${faker.commerce.productAdjective()}`.slice(0, 100),
    attributes: { season: faker.helpers.arrayElement(['all', 'spring', 'summer', 'autumn', 'winter']) },
  };
  if (parentId) category.parent_category_id = parentId;
  return category;
}

/** Body of `PUT /categories/{id}`: a new name. */
export function categoryRename({ faker }: DataSource): UpdateCategoryBody {
  return { name: `${faker.commerce.department()} ${faker.commerce.productAdjective()}`.slice(0, 100) };
}

/** Body of `PUT /categories/{id}/reorder`. */
export function categoryReorder({ faker }: DataSource): ReorderCategoryBody {
  return { new_display_order: faker.number.int({ min: 0, max: 50 }) };
}
