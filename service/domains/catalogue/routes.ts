import { Hono } from 'hono';
import { handleCommand, loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import type { JsonObject } from '../../eventstore/types.ts';
import { parseBody } from '../../http/json-body.ts';
import { enumParam, pageBody, pageOf } from '../../http/pagination.ts';
import { commandMetadata, now } from '../../http/request-meta.ts';
import { streamIdOf } from '../../ids.ts';
import { type CategoryCommand, categoryDecider } from './category.ts';
import { type ProductCommand, productDecider } from './product.ts';
import { CATEGORIES, PRODUCTS } from './projections.ts';
import {
  type AddImageBody,
  type AddVariantBody,
  type CreateCategoryBody,
  type CreateProductBody,
  type ReorderCategoryBody,
  requestSchemas,
  type UpdateCategoryBody,
} from './schemas.ts';

const productStream = (id: string) => streamIdOf('Product', id);
const categoryStream = (id: string) => streamIdOf('Category', id);
const STATUSES = ['Draft', 'Active', 'Discontinued', 'Archived'] as const;

type CategoryDoc = JsonObject & { category_id: string; name: string; parent_category_id: string | null };

/** Names from the root down to `doc`; cycles cannot occur (parents exist before children). */
function breadcrumb(doc: CategoryDoc, byId: Map<string, CategoryDoc>): string[] {
  const names = [doc.name];
  for (let p = doc.parent_category_id; p && names.length < 10; p = byId.get(p)?.parent_category_id ?? null) {
    const parent = byId.get(p);
    if (!parent) break;
    names.unshift(parent.name);
  }
  return names;
}

/** Catalogue routes: products (with variants and images) and the category tree. */
export function catalogueRoutes(ctx: ServiceContext): Hono {
  const app = new Hono();
  const product = (c: Parameters<typeof commandMetadata>[0], id: string, command: ProductCommand) =>
    handleCommand(ctx, productDecider, productStream(id), command, { metadata: commandMetadata(c) });
  const category = (c: Parameters<typeof commandMetadata>[0], id: string, command: CategoryCommand) =>
    handleCommand(ctx, categoryDecider, categoryStream(id), command, { metadata: commandMetadata(c) });

  app.post('/products', async (c) => {
    const body = await parseBody<CreateProductBody>(c, requestSchemas['POST /products']);
    const productId = crypto.randomUUID();
    await product(c, productId, { type: 'CreateProduct', product_id: productId, at: now(), ...body });
    return c.json({ product_id: productId }, 201);
  });
  app.post('/products/:id/variants', async (c) => {
    const body = await parseBody<AddVariantBody>(c, requestSchemas['POST /products/{id}/variants']);
    await product(c, c.req.param('id'), { type: 'AddVariant', ...body });
    return c.json({ status: 'ok' }, 201);
  });
  app.post('/products/:id/images', async (c) => {
    const body = await parseBody<AddImageBody>(c, requestSchemas['POST /products/{id}/images']);
    await product(c, c.req.param('id'), { type: 'AddImage', image_id: crypto.randomUUID(), ...body });
    return c.json({ status: 'ok' }, 201);
  });
  for (const [path, type] of [
    ['activate', 'ActivateProduct'],
    ['discontinue', 'DiscontinueProduct'],
    ['archive', 'ArchiveProduct'],
  ] as const) {
    app.put(`/products/:id/${path}`, async (c) => {
      await product(c, c.req.param('id'), { type });
      return c.json({ status: 'ok' });
    });
  }
  app.get('/products/:id', async (c) => {
    const { state } = await loadAggregate(ctx, productDecider, productStream(c.req.param('id')));
    if (!state) throw new NotFoundError('Product not found');
    return c.json(state);
  });
  app.get('/products', async (c) => {
    const page = pageOf(c);
    const filter: JsonObject = {};
    const categoryId = c.req.query('category_id');
    if (categoryId) filter.category_id = categoryId;
    const status = enumParam(c, 'status', STATUSES);
    if (status) filter.status = status;
    const { items, total } = await ctx.readStore.documents.find(PRODUCTS, filter, {
      offset: (page.page - 1) * page.page_size,
      limit: page.page_size,
    });
    return c.json(pageBody(items, total, page));
  });

  app.post('/categories', async (c) => {
    const body = await parseBody<CreateCategoryBody>(c, requestSchemas['POST /categories']);
    let parent: { category_id: string; level: number } | null = null;
    if (body.parent_category_id) {
      const parentId = body.parent_category_id;
      const stream = streamIdOf('Category', parentId, 'Parent category');
      const loaded = await loadAggregate(ctx, categoryDecider, stream);
      if (!loaded.state) throw new NotFoundError('Parent category not found');
      parent = { category_id: parentId, level: loaded.state.level };
    }
    const categoryId = crypto.randomUUID();
    await category(c, categoryId, {
      type: 'CreateCategory',
      category_id: categoryId,
      name: body.name,
      attributes: body.attributes,
      parent,
      at: now(),
    });
    return c.json({ category_id: categoryId }, 201);
  });
  app.put('/categories/:id', async (c) => {
    const body = await parseBody<UpdateCategoryBody>(c, requestSchemas['PUT /categories/{id}']);
    await category(c, c.req.param('id'), { type: 'UpdateCategory', ...body });
    return c.json({ status: 'ok' });
  });
  app.put('/categories/:id/reorder', async (c) => {
    const body = await parseBody<ReorderCategoryBody>(c, requestSchemas['PUT /categories/{id}/reorder']);
    await category(c, c.req.param('id'), {
      type: 'ReorderCategory',
      new_display_order: body.new_display_order,
    });
    return c.json({ status: 'ok' });
  });
  app.put('/categories/:id/deactivate', async (c) => {
    await category(c, c.req.param('id'), { type: 'DeactivateCategory' });
    return c.json({ status: 'ok' });
  });
  app.get('/categories', async (c) => {
    const { items } = await ctx.readStore.documents.find<CategoryDoc>(CATEGORIES);
    const byId = new Map(items.map((doc) => [doc.category_id, doc]));
    const tree = items
      .map((doc) => ({
        category_id: doc.category_id,
        name: doc.name,
        parent_category_id: doc.parent_category_id,
        level: doc.level,
        is_active: doc.is_active,
        display_order: doc.display_order,
        attributes: doc.attributes,
        breadcrumb: breadcrumb(doc, byId),
        product_count: doc.product_count ?? 0,
      }))
      .sort((a, b) => Number(a.level) - Number(b.level) || Number(a.display_order) - Number(b.display_order));
    return c.json(tree);
  });
  return app;
}
