import { Hono } from 'hono';
import { loadAggregate } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { NotFoundError } from '../../errors.ts';
import type { JsonObject } from '../../eventstore/types.ts';
import { routesFrom } from '../../http/command-route.ts';
import { enumParam, pageBody, pageOf } from '../../http/pagination.ts';
import { now } from '../../http/request-meta.ts';
import { streamCommand } from '../../http/stream-command.ts';
import { streamIdOf } from '../../ids.ts';
import { categoryDecider } from './category.ts';
import { productDecider } from './product.ts';
import { CATEGORIES, PRODUCTS } from './projections.ts';
import { requestSchemas } from './schemas.ts';

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
  const route = routesFrom(app, requestSchemas);
  const product = streamCommand(ctx, productDecider, productStream);
  const category = streamCommand(ctx, categoryDecider, categoryStream);
  const ok = { status: 'ok' };
  const created = { status: 201 } as const;

  route(
    'POST /products',
    async (c, body) => {
      const productId = crypto.randomUUID();
      await product(c, { type: 'CreateProduct', product_id: productId, at: now(), ...body }, productId);
      return { product_id: productId };
    },
    created,
  );
  route(
    'POST /products/{id}/variants',
    async (c, body) => {
      await product(c, { type: 'AddVariant', ...body });
      return ok;
    },
    created,
  );
  route(
    'POST /products/{id}/images',
    async (c, body) => {
      await product(c, { type: 'AddImage', image_id: crypto.randomUUID(), ...body });
      return ok;
    },
    created,
  );
  for (const [template, type] of [
    ['PUT /products/{id}/activate', 'ActivateProduct'],
    ['PUT /products/{id}/discontinue', 'DiscontinueProduct'],
    ['PUT /products/{id}/archive', 'ArchiveProduct'],
  ] as const) {
    route(template, async (c) => {
      await product(c, { type });
      return ok;
    });
  }
  route('GET /products/{id}', async (c) => {
    const { state } = await loadAggregate(ctx, productDecider, productStream(c.req.param('id') ?? ''));
    if (!state) throw new NotFoundError('Product not found');
    return state;
  });
  route('GET /products', async (c) => {
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
    return pageBody(items, total, page);
  });

  route(
    'POST /categories',
    async (c, body) => {
      let parent: { category_id: string; level: number } | null = null;
      if (body.parent_category_id) {
        const parentId = body.parent_category_id;
        const stream = streamIdOf('Category', parentId, 'Parent category');
        const loaded = await loadAggregate(ctx, categoryDecider, stream);
        if (!loaded.state) throw new NotFoundError('Parent category not found');
        parent = { category_id: parentId, level: loaded.state.level };
      }
      const categoryId = crypto.randomUUID();
      const { name, attributes } = body;
      await category(
        c,
        { type: 'CreateCategory', category_id: categoryId, name, attributes, parent, at: now() },
        categoryId,
      );
      return { category_id: categoryId };
    },
    created,
  );
  route('PUT /categories/{id}', async (c, body) => {
    await category(c, { type: 'UpdateCategory', ...body });
    return ok;
  });
  route('PUT /categories/{id}/reorder', async (c, body) => {
    await category(c, { type: 'ReorderCategory', new_display_order: body.new_display_order });
    return ok;
  });
  route('PUT /categories/{id}/deactivate', async (c) => {
    await category(c, { type: 'DeactivateCategory' });
    return ok;
  });
  route('GET /categories', async () => {
    const { items } = await ctx.readStore.documents.find<CategoryDoc>(CATEGORIES);
    const byId = new Map(items.map((doc) => [doc.category_id, doc]));
    return items
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
  });
  return app;
}
