import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startTestService, type TestService, testBackends } from '../../testing/test-service.ts';

let seq = 0;
const product = (extra: Record<string, unknown> = {}) => ({
  sku: `PROD-${(++seq).toString(36).toUpperCase()}X${Date.now().toString(36).toUpperCase()}`,
  title: 'Widget',
  brand: 'Acme',
  attributes: { colour: 'red' },
  ...extra,
});
const variant = (sku = `VAR-${++seq}`) => ({
  variant_sku: sku,
  base_price: 19.99,
  weight_value: 1.2,
  weight_unit: 'kg',
});

describe.each(testBackends())('catalogue API on %s', (backend) => {
  let service: TestService;
  let api: Api;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
  });
  afterAll(() => service?.close());

  async function create(extra?: Record<string, unknown>): Promise<string> {
    const res = await api.post('/products', product(extra));
    expect(res.status).toBe(201);
    return res.body.product_id;
  }

  it('creates a product with variants and images and reads the detail', async () => {
    const id = await create({ visibility: 'Unlisted', meta_title: 'W', slug: 'widget-1' });
    expect(await api.post(`/products/${id}/variants`, variant('VAR-A'))).toMatchObject({
      status: 201,
      body: { status: 'ok' },
    });
    expect((await api.post(`/products/${id}/images`, { url: 'https://img/1.png' })).status).toBe(201);
    expect(
      (await api.post(`/products/${id}/images`, { url: 'https://img/2.png', is_primary: true })).status,
    ).toBe(201);
    const got = await api.get(`/products/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      product_id: id,
      status: 'Draft',
      visibility: 'Unlisted',
      title: 'Widget',
    });
    expect(got.body.variants).toEqual([
      expect.objectContaining({ variant_sku: 'VAR-A', base_price: 19.99, currency: 'USD' }),
    ]);
    expect(got.body.images.map((i: { is_primary: boolean }) => i.is_primary)).toEqual([false, true]);
  });

  it('validates SKUs, prices, units and lengths (422)', async () => {
    for (const sku of ['AB', 'A--B', '-AB', 'AB-', 'x'.repeat(51), 'A B']) {
      const res = await api.post('/products', product({ sku }));
      expect(res.status, sku).toBe(422);
      expect(res.body.detail[0].loc).toEqual(['body', 'sku']);
    }
    expect((await api.post('/products', product({ meta_title: 'x'.repeat(71) }))).status).toBe(422);
    expect((await api.post('/products', product({ visibility: 'Secret' }))).status).toBe(422);
    const id = await create();
    const bad = await api.post(`/products/${id}/variants`, {
      variant_sku: 'V-1',
      base_price: -1,
      weight_unit: 'stone',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d: { loc: string[] }) => d.loc[1]).sort()).toEqual([
      'base_price',
      'weight_unit',
    ]);
  });

  it('refuses a duplicate variant SKU and an eleventh image', async () => {
    const id = await create();
    await api.post(`/products/${id}/variants`, variant('DUP-1'));
    const dup = await api.post(`/products/${id}/variants`, variant('DUP-1'));
    expect(dup.status).toBe(400);
    expect(dup.body.error.variant_sku).toHaveLength(1);
    for (let i = 0; i < 10; i++)
      expect((await api.post(`/products/${id}/images`, { url: `u${i}` })).status).toBe(201);
    const eleventh = await api.post(`/products/${id}/images`, { url: 'u10' });
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.error.images).toHaveLength(1);
  });

  it('walks Draft → Active → Discontinued → Archived and refuses the rest', async () => {
    const id = await create();
    const noVariant = await api.put(`/products/${id}/activate`);
    expect(noVariant.status).toBe(400);
    expect(noVariant.body.error.variants).toHaveLength(1);
    expect((await api.put(`/products/${id}/discontinue`)).body.error).toEqual({
      status: ['Cannot transition from Draft to Discontinued'],
    });
    await api.post(`/products/${id}/variants`, variant());
    for (const step of ['activate', 'discontinue', 'archive']) {
      expect(await api.put(`/products/${id}/${step}`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    }
    expect((await api.put(`/products/${id}/activate`)).body.error).toEqual({
      status: ['Cannot transition from Archived to Active'],
    });
    expect((await api.post(`/products/${id}/variants`, variant())).status).toBe(400);
    expect((await api.get(`/products/${id}`)).body.status).toBe('Archived');
  });

  it('lists products paged and filtered by category and status', async () => {
    const category = `cat-${Date.now()}`;
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await create({ category_id: category }));
    await api.post(`/products/${ids[0]}/variants`, variant());
    await api.put(`/products/${ids[0]}/activate`);
    const page1 = await api.get(`/products?category_id=${category}&page=1&page_size=2`);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({
      total: 5,
      page: 1,
      page_size: 2,
      total_pages: 3,
      has_next: true,
      has_prev: false,
    });
    expect(page1.body.items).toHaveLength(2);
    const page3 = await api.get(`/products?category_id=${category}&page=3&page_size=2`);
    expect(page3.body).toMatchObject({ total: 5, has_next: false, has_prev: true });
    expect(page3.body.items).toHaveLength(1);
    const active = await api.get(`/products?category_id=${category}&status=Active`);
    expect(active.body.total).toBe(1);
    expect(active.body.items[0]).toMatchObject({ product_id: ids[0], status: 'Active', variant_count: 1 });
    expect((await api.get('/products?page=0')).status).toBe(422);
    expect((await api.get('/products?page_size=101')).status).toBe(422);
    expect((await api.get('/products?status=Gone')).body.detail[0].loc).toEqual(['query', 'status']);
  });

  it('builds a category tree with levels, breadcrumbs, product counts; depth ≤ 5', async () => {
    let parent: string | undefined;
    const ids: string[] = [];
    for (let level = 1; level <= 5; level++) {
      const res = await api.post('/categories', { name: `L${level}`, parent_category_id: parent ?? null });
      expect(res.status).toBe(201);
      parent = res.body.category_id;
      ids.push(parent!);
    }
    const tooDeep = await api.post('/categories', { name: 'L6', parent_category_id: parent });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error.parent_category_id).toHaveLength(1);
    const orphan = await api.post('/categories', { name: 'X', parent_category_id: crypto.randomUUID() });
    expect(orphan.status).toBe(404);
    await create({ category_id: ids[2] });
    await create({ category_id: ids[2] });
    expect((await api.put(`/categories/${ids[0]}`, { name: 'Root' })).status).toBe(200);
    expect((await api.put(`/categories/${ids[1]}/reorder`, { new_display_order: 3 })).status).toBe(200);
    expect((await api.put(`/categories/${ids[1]}/reorder`, { new_display_order: 'first' })).status).toBe(422);
    expect((await api.put(`/categories/${ids[4]}/deactivate`)).status).toBe(200);
    const again = await api.put(`/categories/${ids[4]}/deactivate`);
    expect(again.status).toBe(400);
    const list = await api.get('/categories');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.map((c: { category_id: string }) => [c.category_id, c]));
    expect(byId.get(ids[2])).toEqual({
      category_id: ids[2],
      name: 'L3',
      parent_category_id: ids[1],
      level: 3,
      is_active: true,
      display_order: 0,
      attributes: {},
      breadcrumb: ['Root', 'L2', 'L3'],
      product_count: 2,
    });
    expect(byId.get(ids[1])).toMatchObject({ display_order: 3, level: 2 });
    expect(byId.get(ids[4])).toMatchObject({ is_active: false, level: 5 });
  });

  it('answers 404 for unknown product and category ids', async () => {
    const unknown = crypto.randomUUID();
    const calls = [
      api.get(`/products/${unknown}`),
      api.post(`/products/${unknown}/variants`, variant()),
      api.post(`/products/${unknown}/images`, { url: 'u' }),
      api.put(`/products/${unknown}/activate`),
      api.put(`/products/${unknown}/discontinue`),
      api.put(`/products/${unknown}/archive`),
      api.put(`/categories/${unknown}`, { name: 'x' }),
      api.put(`/categories/${unknown}/reorder`, { new_display_order: 1 }),
      api.put(`/categories/${unknown}/deactivate`),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(/not found/);
    }
  });
});
