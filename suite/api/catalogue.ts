/** The catalogue calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys';
import type {
  AddImageBody,
  AddVariantBody,
  CreateCategoryBody,
  CreateProductBody,
  ReorderCategoryBody,
  UpdateCategoryBody,
} from '../../service/domains/catalogue/schemas.ts';

/** `POST /products` → the new (Draft) product's id. */
export async function createProduct(client: HttpClient, body: CreateProductBody): Promise<string> {
  const res = await client.post('/products', { json: body, name: 'POST /products', expect: [201] });
  return res.json.product_id;
}

/** `POST /products/{id}/variants`; the API returns no id: the variant is known by its `variant_sku`. */
export function addVariant(client: HttpClient, productId: string, body: AddVariantBody) {
  return client.post(`/products/${productId}/variants`, {
    json: body,
    name: 'POST /products/{id}/variants',
    expect: [201],
  });
}

export function addImage(client: HttpClient, productId: string, body: AddImageBody) {
  return client.post(`/products/${productId}/images`, {
    json: body,
    name: 'POST /products/{id}/images',
    expect: [201],
  });
}

/** `PUT /products/{id}/<transition>`: Draft → Active → Discontinued → Archived. */
export function moveProduct(
  client: HttpClient,
  productId: string,
  transition: 'activate' | 'discontinue' | 'archive',
) {
  return client.put(`/products/${productId}/${transition}`, {
    name: `PUT /products/{id}/${transition}`,
    expect: [200],
  });
}

/** `POST /categories` → the new category's id. */
export async function createCategory(client: HttpClient, body: CreateCategoryBody): Promise<string> {
  const res = await client.post('/categories', { json: body, name: 'POST /categories', expect: [201] });
  return res.json.category_id;
}

export function renameCategory(client: HttpClient, categoryId: string, body: UpdateCategoryBody) {
  return client.put(`/categories/${categoryId}`, { json: body, name: 'PUT /categories/{id}', expect: [200] });
}

export function reorderCategory(client: HttpClient, categoryId: string, body: ReorderCategoryBody) {
  return client.put(`/categories/${categoryId}/reorder`, {
    json: body,
    name: 'PUT /categories/{id}/reorder',
    expect: [200],
  });
}
