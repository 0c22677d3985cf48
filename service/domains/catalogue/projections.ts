import type { DocumentWriter, InlineProjection, JsonObject, RecordedEvent } from '../../eventstore/types.ts';
import type { Category, CategoryEvent } from './category.ts';
import type { ProductEvent } from './product.ts';

export const PRODUCTS = 'products';
export const CATEGORIES = 'categories';

type Doc = JsonObject;

async function update(documents: DocumentWriter, collection: string, id: string, change: (doc: Doc) => Doc) {
  const doc = await documents.get<Doc>(collection, id);
  if (doc) await documents.put(collection, id, change(doc));
}

/**
 * `products` documents for `GET /products` (filter by category_id and status, paged). Each
 * product created also counts towards its category's `product_count`.
 */
export const productList: InlineProjection = {
  name: 'catalogue-products',
  handles: [
    'ProductCreated',
    'ProductVariantAdded',
    'ProductImageAdded',
    'ProductActivated',
    'ProductDiscontinued',
    'ProductArchived',
  ],
  async apply(events: readonly RecordedEvent[], documents: DocumentWriter) {
    for (const recorded of events) {
      const event = recorded as unknown as ProductEvent;
      const id = event.data.product_id;
      switch (event.type) {
        case 'ProductCreated': {
          const p = event.data;
          await documents.put(PRODUCTS, id, {
            product_id: id,
            sku: p.sku,
            title: p.title,
            brand: p.brand ?? null,
            category_id: p.category_id ?? null,
            seller_id: p.seller_id ?? null,
            visibility: p.visibility,
            status: 'Draft',
            variant_count: 0,
            image_count: 0,
            created_at: p.created_at,
          });
          if (p.category_id) {
            await update(documents, CATEGORIES, p.category_id, (c) => ({
              ...c,
              product_count: Number(c.product_count ?? 0) + 1,
            }));
          }
          break;
        }
        case 'ProductVariantAdded':
          await update(documents, PRODUCTS, id, (d) => ({
            ...d,
            variant_count: Number(d.variant_count) + 1,
          }));
          break;
        case 'ProductImageAdded':
          await update(documents, PRODUCTS, id, (d) => ({ ...d, image_count: Number(d.image_count) + 1 }));
          break;
        default: {
          const status = {
            ProductActivated: 'Active',
            ProductDiscontinued: 'Discontinued',
            ProductArchived: 'Archived',
          }[event.type];
          await update(documents, PRODUCTS, id, (d) => ({ ...d, status }));
        }
      }
    }
  },
};

/** `categories` documents for `GET /categories` (breadcrumbs are joined at read time, so renames show at once). */
export const categoryList: InlineProjection = {
  name: 'catalogue-categories',
  handles: ['CategoryCreated', 'CategoryUpdated', 'CategoryReordered', 'CategoryDeactivated'],
  async apply(events: readonly RecordedEvent[], documents: DocumentWriter) {
    for (const recorded of events) {
      const event = recorded as unknown as CategoryEvent;
      const id = event.data.category_id;
      switch (event.type) {
        case 'CategoryCreated': {
          const category: Category = { ...event.data, is_active: true };
          await documents.put(CATEGORIES, id, { ...category, product_count: 0 });
          break;
        }
        case 'CategoryUpdated': {
          const { category_id: _, ...changes } = event.data;
          await update(documents, CATEGORIES, id, (d) => ({ ...d, ...changes }));
          break;
        }
        case 'CategoryReordered':
          await update(documents, CATEGORIES, id, (d) => ({ ...d, display_order: event.data.display_order }));
          break;
        case 'CategoryDeactivated':
          await update(documents, CATEGORIES, id, (d) => ({ ...d, is_active: false }));
          break;
      }
    }
  },
};
