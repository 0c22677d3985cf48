import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startTestService, type TestService, testBackends } from '../../testing/test-service.ts';

const address = { street: '1 Dock Rd', city: 'Port', postal_code: '999', country: 'US' };
const ok = { status: 200, body: { status: 'ok' } };

async function createItem(api: Api, initial_quantity: number): Promise<string> {
  const { status, body } = await api.post('/inventory', {
    product_id: 'prod-1',
    variant_id: 'VAR-1',
    warehouse_id: 'wh-1',
    sku: 'SKU-INV-1',
    initial_quantity,
  });
  expect(status).toBe(201);
  return body.inventory_item_id;
}

describe.each(testBackends())('inventory API on %s', (backend) => {
  let service: TestService;
  let api: Api;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
  });
  afterAll(() => service?.close());

  it('creates, updates, zones and deactivates a warehouse once', async () => {
    const created = await api.post('/warehouses', { name: 'Main', address, capacity: 1000 });
    expect(created.status).toBe(201);
    const id = created.body.warehouse_id;
    expect(await api.put(`/warehouses/${id}`, { name: 'Main North', capacity: 1200 })).toMatchObject(ok);
    expect(
      await api.post(`/warehouses/${id}/zones`, { zone_name: 'Cold-1', zone_type: 'Cold' }),
    ).toMatchObject({
      status: 201,
      body: { status: 'ok' },
    });
    expect((await api.post(`/warehouses/${id}/zones`, { zone_name: 'X', zone_type: 'Freezer' })).status).toBe(
      422,
    );
    expect(
      (await api.post(`/warehouses/${id}/zones`, { zone_name: 'Cold-1', zone_type: 'Regular' })).status,
    ).toBe(400);
    expect((await api.get(`/warehouses/${id}`)).body).toMatchObject({
      name: 'Main North',
      capacity: 1200,
      zones: [{ zone_name: 'Cold-1', zone_type: 'Cold' }],
      is_active: true,
    });
    expect(await api.put(`/warehouses/${id}/deactivate`)).toMatchObject(ok);
    const again = await api.put(`/warehouses/${id}/deactivate`);
    expect(again.status).toBe(400);
    expect(again.body.correlation_id).toEqual(expect.any(String));
    expect((await api.put('/warehouses/nope/deactivate')).status).toBe(404);
    expect((await api.post('/warehouses', { name: 'X', address, capacity: -1 })).status).toBe(422);
  });

  it('reserves, refuses to oversell with the exact message, releases once', async () => {
    const id = await createItem(api, 10);
    const reserved = await api.post(`/inventory/${id}/reserve`, { order_id: 'order-1', quantity: 7 });
    expect(reserved).toMatchObject({
      status: 201,
      body: { status: 'ok', reservation_id: expect.any(String) },
    });
    const refused = await api.post(`/inventory/${id}/reserve`, { order_id: 'order-2', quantity: 4 });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      error: { quantity: ['Insufficient stock: 3 available, 4 requested'] },
      correlation_id: expect.any(String),
    });
    const rid = reserved.body.reservation_id;
    const item = await api.get(`/inventory/${id}`);
    expect(item.body).toMatchObject({
      inventory_item_id: id,
      sku: 'SKU-INV-1',
      on_hand: 10,
      reserved: 7,
      available: 3,
      damaged: 0,
    });
    expect(item.body.reservations).toEqual([
      expect.objectContaining({ reservation_id: rid, order_id: 'order-1', quantity: 7, status: 'Active' }),
    ]);
    expect(
      await api.put(`/inventory/${id}/reservations/${rid}/release`, { reason: 'changed' }),
    ).toMatchObject(ok);
    expect((await api.put(`/inventory/${id}/reservations/${rid}/release`, { reason: 'again' })).status).toBe(
      400,
    );
    expect((await api.put(`/inventory/${id}/reservations/unknown/release`, { reason: 'x' })).status).toBe(
      404,
    );
    expect((await api.get(`/inventory/${id}`)).body).toMatchObject({ reserved: 0, available: 10 });
    expect((await api.post(`/inventory/${id}/reserve`, { order_id: 'o', quantity: 0 })).status).toBe(422);
    expect((await api.post('/inventory/unknown/reserve', { order_id: 'o', quantity: 1 })).status).toBe(404);
  });

  it('receives, adjusts (on_hand ≥ 0), counts, damages (≤ unreserved), writes off (≤ damaged), takes returns', async () => {
    const id = await createItem(api, 5);
    const steps: [string, unknown][] = [
      ['receive', { quantity: 5, reference: 'PO-1' }],
      ['adjust', { quantity_change: -2, adjustment_type: 'Correction', reason: 'audit', adjusted_by: 'me' }],
      ['stock-check', { counted_quantity: 9, checked_by: 'me' }],
      ['damage', { quantity: 3, reason: 'water' }],
      ['damage/write-off', { quantity: 2, approved_by: 'boss' }],
      ['return', { quantity: 1, order_id: 'order-9' }],
    ];
    for (const [path, body] of steps)
      expect(await api.put(`/inventory/${id}/${path}`, body)).toMatchObject(ok);
    expect((await api.get(`/inventory/${id}`)).body).toMatchObject({
      on_hand: 7,
      reserved: 0,
      available: 7,
      damaged: 1,
    });
    await api.post(`/inventory/${id}/reserve`, { order_id: 'o', quantity: 5 });
    const refusals: [string, unknown, string][] = [
      [
        'adjust',
        { quantity_change: -8, adjustment_type: 'Loss', reason: 'x', adjusted_by: 'me' },
        'quantity_change',
      ],
      ['damage', { quantity: 3, reason: 'x' }, 'quantity'],
      ['damage/write-off', { quantity: 2, approved_by: 'x' }, 'quantity'],
      ['stock-check', { counted_quantity: 4, checked_by: 'me' }, 'counted_quantity'],
    ];
    for (const [path, body, field] of refusals) {
      const response = await api.put(`/inventory/${id}/${path}`, body);
      expect({ path, status: response.status, fields: Object.keys(response.body.error) }).toEqual({
        path,
        status: 400,
        fields: [field],
      });
    }
    expect(
      (
        await api.put(`/inventory/${id}/adjust`, {
          quantity_change: 1,
          adjustment_type: 'x',
          reason: '',
          adjusted_by: 'me',
        })
      ).status,
    ).toBe(422);
    expect((await api.put(`/inventory/${id}/receive`, { quantity: 0 })).status).toBe(422);
  });

  it('expires active reservations older than N minutes and lists items', async () => {
    const id = await createItem(api, 10);
    await api.post(`/inventory/${id}/reserve`, { order_id: 'o-1', quantity: 2 });
    await api.post(`/inventory/${id}/reserve`, { order_id: 'o-2', quantity: 3, expires_in_minutes: 60 });
    expect((await api.post('/inventory/maintenance/expire-reservations')).body).toEqual({ expired_count: 0 });
    expect(
      (await api.post('/inventory/maintenance/expire-reservations', { older_than_minutes: 0 })).body
        .expired_count,
    ).toBeGreaterThanOrEqual(2);
    const item = (await api.get(`/inventory/${id}`)).body;
    expect(item).toMatchObject({ reserved: 0, available: 10 });
    expect(item.reservations.map((r: { status: string }) => r.status)).toEqual(['Expired', 'Expired']);
    for (const older_than_minutes of [-1, 2 ** 53]) {
      const refused = await api.post('/inventory/maintenance/expire-reservations', { older_than_minutes });
      expect(refused.status).toBe(422);
    }
    const farFuture = { order_id: 'o', quantity: 1, expires_in_minutes: 2 ** 53 };
    expect((await api.post(`/inventory/${id}/reserve`, farFuture)).status).toBe(422);

    const list = await api.get('/inventory?page_size=100');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, page_size: 100, has_prev: false });
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        inventory_item_id: id,
        sku: 'SKU-INV-1',
        on_hand: 10,
        reserved: 0,
        available: 10,
        damaged: 0,
      }),
    );
  });
});
