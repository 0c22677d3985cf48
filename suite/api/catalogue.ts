/** The catalogue calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys-runner';
import type {
  AddImageBody,
  AddVariantBody,
  CreateCategoryBody,
  CreateProductBody,
  ReorderCategoryBody,
  UpdateCategoryBody,
} from '../../service/domains/catalogue/schemas.ts';
import { call } from './call.ts';

/** `POST /products` → the new (Draft) product's id. */
export async function createProduct(client: HttpClient, body: CreateProductBody): Promise<string> {
  const res = await call(client, 'POST /products', { json: body, expect: [201] });
  return res.json.product_id;
}

/** `POST /products/{id}/variants`; the API returns no id: the variant is known by its `variant_sku`. */
export function addVariant(client: HttpClient, productId: string, body: AddVariantBody) {
  return call(client, 'POST /products/{id}/variants', {
    params: { id: productId },
    json: body,
    expect: [201],
  });
}

export function addImage(client: HttpClient, productId: string, body: AddImageBody) {
  return call(client, 'POST /products/{id}/images', { params: { id: productId }, json: body, expect: [201] });
}

/** `PUT /products/{id}/<transition>`: Draft → Active → Discontinued → Archived. */
export function moveProduct(
  client: HttpClient,
  productId: string,
  transition: 'activate' | 'discontinue' | 'archive',
) {
  return call(client, `PUT /products/{id}/${transition}`, { params: { id: productId }, expect: [200] });
}

/** `POST /categories` → the new category's id. */
export async function createCategory(client: HttpClient, body: CreateCategoryBody): Promise<string> {
  const res = await call(client, 'POST /categories', { json: body, expect: [201] });
  return res.json.category_id;
}

export function renameCategory(client: HttpClient, categoryId: string, body: UpdateCategoryBody) {
  return call(client, 'PUT /categories/{id}', { params: { id: categoryId }, json: body, expect: [200] });
}

export function reorderCategory(client: HttpClient, categoryId: string, body: ReorderCategoryBody) {
  return call(client, 'PUT /categories/{id}/reorder', {
    params: { id: categoryId },
    json: body,
    expect: [200],
  });
}
