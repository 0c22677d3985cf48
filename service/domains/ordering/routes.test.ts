import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBasedId } from '../../ids.ts';
import { type Api, startTestService, type TestService, testBackends } from '../../testing/test-service.ts';

const address = {
  street: '1 Main St',
  city: 'Springfield',
  state: 'IL',
  postal_code: '62701',
  country: 'US',
};
const item = (n: number, quantity = 1, unit_price = 10) => ({
  product_id: `prod-${n}`,
  variant_id: `VAR-${n}`,
  sku: `SKU-${n}`,
  title: `Thing ${n}`,
  quantity,
  unit_price,
});
const newOrder = (extra: Record<string, unknown> = {}) => ({
  customer_id: 'cust-1',
  items: [item(1, 2, 10.5), item(2, 1, 4.25)],
  shipping_address: address,
  billing_address: address,
  shipping_cost: 5,
  tax_total: 1.5,
  ...extra,
});
const ship = { shipment_id: 'ship-1', carrier: 'UPS', tracking_number: '1Z999' };
const cancel = { reason: 'Changed my mind', cancelled_by: 'customer' };

async function createOrder(api: Api, extra?: Record<string, unknown>): Promise<string> {
  const { status, body } = await api.post('/orders', newOrder(extra));
  expect(status).toBe(201);
  return body.order_id;
}

/** Runs PUT/POST steps in order, each expected to answer 200 `{"status":"ok"}`. */
async function walk(api: Api, id: string, steps: [method: 'put' | 'post', path: string, body?: unknown][]) {
  for (const [method, path, body] of steps) {
    const response = await api[method](`/orders/${id}${path}`, body);
    expect({ path, status: response.status, body: response.body }).toEqual({
      path,
      status: 200,
      body: { status: 'ok' },
    });
  }
}

const toPaid: [method: 'put' | 'post', path: string, body?: unknown][] = [
  ['put', '/confirm'],
  ['put', '/payment/pending', { payment_id: 'pay-x', payment_method: 'card' }],
  ['put', '/payment/success', { payment_id: 'pay-x', amount: 31.75, payment_method: 'card' }],
];

describe.each(testBackends())('ordering API on %s', (backend) => {
  let service: TestService;
  let api: Api;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
  });
  afterAll(() => service?.close());

  it('creates an order with server-computed totals and shows its detail', async () => {
    const id = await createOrder(api, { subtotal: 999, grand_total: 999 });
    const { status, body } = await api.get(`/orders/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      order_id: id,
      customer_id: 'cust-1',
      status: 'Created',
      subtotal: 25.25,
      shipping_cost: 5,
      tax_total: 1.5,
      discount_total: 0,
      grand_total: 31.75,
      currency: 'USD',
      shipping_address: address,
      payment_id: null,
      payment_status: null,
    });
    expect(body.items).toHaveLength(2);
    expect(body.items[0].item_id).toEqual(expect.any(String));
    const added = await api.post(`/orders/${id}/items`, item(3, 3, 1));
    expect(added).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect((await api.get(`/orders/${id}`)).body).toMatchObject({ subtotal: 28.25, grand_total: 34.75 });
  });

  it('answers schema errors 422 FastAPI-style and unknown ids 404', async () => {
    const bad = await api.post('/orders', {
      ...newOrder(),
      items: [{ ...item(1), quantity: 0 }],
      currency: 'EUR',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ['body', 'items', 0, 'quantity'], type: 'greater_than_equal' }),
        expect.objectContaining({ loc: ['body', 'currency'] }),
      ]),
    );
    expect((await api.put('/orders/does-not-exist/confirm')).status).toBe(404);
    expect((await api.get('/orders/does-not-exist')).status).toBe(404);
    expect((await api.get('/orders/does-not-exist/timeline')).status).toBe(404);
    expect((await api.put(`/orders/${await createOrder(api)}/cancel`, { reason: 'x' })).status).toBe(422);
  });

  it('walks the full lifecycle to Completed, with a timeline of every step', async () => {
    const id = await createOrder(api);
    await walk(api, id, [
      ...toPaid,
      ['put', '/processing'],
      ['put', '/ship', { ...ship, estimated_delivery: '2030-01-01' }],
      ['put', '/deliver'],
      ['put', '/complete'],
    ]);
    const { body } = await api.get(`/orders/${id}`);
    expect(body).toMatchObject({
      status: 'Completed',
      payment_id: 'pay-x',
      payment_status: 'Succeeded',
      ...ship,
    });
    const timeline = await api.get(`/orders/${id}/timeline`);
    expect(timeline.body.map((e: { event_type: string }) => e.event_type)).toEqual([
      'OrderCreated',
      'OrderConfirmed',
      'OrderPaymentPending',
      'OrderPaymentSucceeded',
      'OrderProcessingStarted',
      'OrderShipped',
      'OrderDelivered',
      'OrderCompleted',
    ]);
    expect(timeline.body[0]).toEqual({
      entry_id: expect.any(String),
      order_id: id,
      event_type: 'OrderCreated',
      description: expect.any(String),
      occurred_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('ships partially from Processing, then the rest', async () => {
    const id = await createOrder(api);
    await walk(api, id, [...toPaid, ['put', '/processing']]);
    const first = (await api.get(`/orders/${id}`)).body.items[0].item_id;
    await walk(api, id, [['put', '/ship', { ...ship, shipped_item_ids: [first] }]]);
    expect((await api.get(`/orders/${id}`)).body.status).toBe('Partially_Shipped');
    await walk(api, id, [['put', '/ship', { ...ship, shipment_id: 'ship-2' }]]);
    expect((await api.get(`/orders/${id}`)).body.status).toBe('Shipped');
  });

  it('returns and refunds: Delivered → Return_Requested → Return_Approved → Returned → Refunded', async () => {
    const id = await createOrder(api);
    await walk(api, id, [
      ...toPaid,
      ['put', '/ship', ship],
      ['put', '/deliver'],
      ['put', '/return/request', { reason: 'Too small' }],
      ['put', '/return/approve'],
      ['put', '/return/record', {}],
      ['put', '/refund', {}],
      ['put', '/refund'],
    ]);
    expect((await api.get(`/orders/${id}`)).body).toMatchObject({ status: 'Refunded', refund_amount: 31.75 });
  });

  it('cancels from Created, Confirmed, Payment_Pending and Paid; cancel and refund are idempotent', async () => {
    for (const prefix of [0, 1, 2, 3]) {
      const id = await createOrder(api);
      await walk(api, id, [
        ...toPaid.slice(0, prefix),
        ['put', '/cancel', cancel],
        ['put', '/cancel', cancel],
      ]);
      expect((await api.get(`/orders/${id}`)).body).toMatchObject({
        status: 'Cancelled',
        cancellation_reason: cancel.reason,
      });
      await walk(api, id, [
        ['put', '/payment/pending', { payment_id: 'late', payment_method: 'card' }],
        ['put', '/refund', { refund_amount: 10 }],
        ['put', '/refund', { refund_amount: 10 }],
        ['put', '/payment/success', { payment_id: 'late', amount: 1, payment_method: 'card' }],
      ]);
      expect((await api.get(`/orders/${id}`)).body).toMatchObject({ status: 'Refunded', refund_amount: 10 });
    }
  });

  it('is idempotent on repeated payment callbacks and returns to Confirmed on failure', async () => {
    const id = await createOrder(api);
    const pending = { payment_id: 'pay-y', payment_method: 'card' };
    await walk(api, id, [
      ['put', '/confirm'],
      ['put', '/payment/pending', pending],
      ['put', '/payment/pending', pending],
      ['put', '/payment/failure', { payment_id: 'pay-y', reason: 'Card declined' }],
    ]);
    expect((await api.get(`/orders/${id}`)).body).toMatchObject({
      status: 'Confirmed',
      payment_status: 'Failed',
    });
    const success = { payment_id: 'pay-y', amount: 31.75, payment_method: 'card' };
    await walk(api, id, [
      ['put', '/payment/pending', pending],
      ['put', '/payment/success', success],
      ['put', '/payment/success', success],
    ]);
    expect((await api.get(`/orders/${id}`)).body.status).toBe('Paid');
  });

  it('refuses illegal transitions with 400 {"error":{"status":["Cannot transition from A to B"]}}', async () => {
    const id = await createOrder(api);
    const cases: [string, string, unknown, string][] = [
      ['/payment/success', 'Created', { payment_id: 'p', amount: 1, payment_method: 'card' }, 'Paid'],
      ['/processing', 'Created', undefined, 'Processing'],
      ['/ship', 'Created', ship, 'Shipped'],
      ['/deliver', 'Created', undefined, 'Delivered'],
      ['/complete', 'Created', undefined, 'Completed'],
      ['/return/request', 'Created', { reason: 'x' }, 'Return_Requested'],
      ['/return/approve', 'Created', undefined, 'Return_Approved'],
      ['/refund', 'Created', {}, 'Refunded'],
    ];
    for (const [path, from, body, to] of cases) {
      const response = await api.put(`/orders/${id}${path}`, body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: { status: [`Cannot transition from ${from} to ${to}`] },
        correlation_id: expect.any(String),
      });
    }
    await walk(api, id, [['put', '/confirm']]);
    const late = await api.post(`/orders/${id}/items`, item(9));
    expect(late.status).toBe(400);
    expect(late.body.error.status[0]).toMatch(/Confirmed/);
    const twice = await api.put(`/orders/${id}/confirm`);
    expect(twice.body.error).toEqual({ status: ['Cannot transition from Confirmed to Confirmed'] });
    await walk(api, id, [...toPaid.slice(1), ['put', '/ship', ship]]);
    expect((await api.put(`/orders/${id}/cancel`, cancel)).body.error).toEqual({
      status: ['Cannot transition from Shipped to Cancelled'],
    });
  });

  it('lists orders by customer and status, paged', async () => {
    const customer = `cust-${crypto.randomUUID()}`;
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await createOrder(api, { customer_id: customer }));
    await walk(api, ids[0], [['put', '/confirm']]);
    const all = await api.get(`/orders?customer_id=${customer}&page_size=2`);
    expect(all.body).toMatchObject({
      total: 3,
      page: 1,
      page_size: 2,
      total_pages: 2,
      has_next: true,
      has_prev: false,
    });
    expect(all.body.items).toHaveLength(2);
    const confirmed = await api.get(`/orders?customer_id=${customer}&status=Confirmed`);
    expect(confirmed.body.items).toEqual([
      expect.objectContaining({ order_id: ids[0], status: 'Confirmed', grand_total: 31.75 }),
    ]);
    expect((await api.get('/orders?status=Bogus')).status).toBe(422);
    expect((await api.get('/orders?page=0')).status).toBe(422);
  });

  it('runs a cart: merge, get, checkout once into an order; abandon only when active', async () => {
    const created = await api.post('/carts', { customer_id: 'cust-cart' });
    expect(created.status).toBe(201);
    const cart = created.body.cart_id;
    for (const quantity of [1, 2]) {
      expect(
        await api.post(`/carts/${cart}/items`, { product_id: 'p1', variant_id: 'v1', quantity }),
      ).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      });
    }
    await api.post(`/carts/${cart}/items`, { product_id: 'p2', variant_id: 'v1', quantity: 1 });
    const got = await api.get(`/carts/${cart}`);
    expect(got.body).toMatchObject({ cart_id: cart, status: 'Active', item_count: 4 });
    expect(got.body.items).toEqual([
      { product_id: 'p1', variant_id: 'v1', quantity: 3 },
      { product_id: 'p2', variant_id: 'v1', quantity: 1 },
    ]);
    const checkout = { shipping: address, billing: address, payment_method: 'card' };
    const [a, b] = await Promise.all([
      api.post(`/carts/${cart}/checkout`, checkout),
      api.post(`/carts/${cart}/checkout`, checkout),
    ]);
    // One order whatever the interleaving: the loser is refused, or (if it finished the winner's
    // checkout between its two appends) answers the very same order.
    const statuses = [a.status, b.status].sort();
    expect([
      [201, 400],
      [201, 201],
    ]).toContainEqual(statuses);
    const orderId = (a.status === 201 ? a : b).body.order_id;
    if (statuses[1] === 201) expect(b.body.order_id).toBe(a.body.order_id);
    expect((await api.get(`/carts/${cart}`)).body).toMatchObject({ status: 'Converted', order_id: orderId });
    const order = (await api.get(`/orders/${orderId}`)).body;
    expect(order).toMatchObject({ status: 'Created', customer_id: 'cust-cart', cart_id: cart });
    expect(order.items.map((i: { quantity: number }) => i.quantity)).toEqual([3, 1]);
    expect((await api.put(`/carts/${cart}/abandon`)).body.error).toEqual({
      status: ['Cannot transition from Converted to Abandoned'],
    });

    const empty = (await api.post('/carts', {})).body.cart_id;
    const refused = await api.post(`/carts/${empty}/checkout`, checkout);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({ items: ['Cannot check out an empty cart'] });
    expect((await api.put(`/carts/${empty}/abandon`)).status).toBe(200);
    expect((await api.put(`/carts/${empty}/abandon`)).status).toBe(400);
    expect(
      (await api.post(`/carts/${empty}/items`, { product_id: 'p', variant_id: 'v', quantity: 1 })).status,
    ).toBe(400);
    expect((await api.get('/carts/unknown-cart')).status).toBe(404);
    expect((await api.post(`/carts/${empty}/items`, { product_id: 'p', quantity: 0 })).status).toBe(422);
  });
  it('finishes a checkout that stopped between converting the cart and creating the order', async () => {
    const cart = (await api.post('/carts')).body.cart_id;
    await api.post(`/carts/${cart}/items`, { product_id: 'p1', variant_id: 'v1', quantity: 2 });
    const orderId = nameBasedId('cart-order', cart);
    const checkout = { shipping: address, billing: address };
    const addresses = { shipping_address: address, billing_address: address };
    await service.ctx.store.appendToStream(
      `Cart-${cart}`,
      [
        {
          type: 'CartCheckedOut',
          data: { cart_id: cart, order_id: orderId, ...addresses, payment_method: null },
        },
      ],
      { expectedVersion: 1 },
    );
    expect((await api.get(`/orders/${orderId}`)).status).toBe(404);
    expect(await api.post(`/carts/${cart}/checkout`, checkout)).toMatchObject({
      status: 201,
      body: { order_id: orderId },
    });
    expect((await api.get(`/orders/${orderId}`)).body).toMatchObject({ status: 'Created', cart_id: cart });
    expect((await api.post(`/carts/${cart}/checkout`, checkout)).status).toBe(400);
  });
  it('prices checked-out cart lines from the catalogue when the product is ours', async () => {
    const product = (await api.post('/products', { sku: 'CART-PRICE-1', title: 'Kettle' })).body.product_id;
    expect(
      (await api.post(`/products/${product}/variants`, { variant_sku: 'KETTLE-RED', base_price: 24.99 }))
        .status,
    ).toBe(201);
    const cart = (await api.post('/carts', { customer_id: 'cust-priced' })).body.cart_id;
    await api.post(`/carts/${cart}/items`, { product_id: product, variant_id: 'KETTLE-RED', quantity: 2 });
    await api.post(`/carts/${cart}/items`, { product_id: 'elsewhere', variant_id: 'X', quantity: 1 });
    const checkout = await api.post(`/carts/${cart}/checkout`, { shipping: address, billing: address });
    const order = (await api.get(`/orders/${checkout.body.order_id}`)).body;
    expect(order.items).toEqual([
      expect.objectContaining({
        product_id: product,
        sku: 'KETTLE-RED',
        title: 'Kettle',
        quantity: 2,
        unit_price: 24.99,
      }),
      expect.objectContaining({ product_id: 'elsewhere', sku: 'X', quantity: 1, unit_price: 0 }),
    ]);
    expect(order).toMatchObject({ subtotal: 49.98, grand_total: 49.98 });
  });
  it("checks out ShopStream's CheckoutRequest (shipping, billing, payment_method?) and refuses the old names", async () => {
    const home = { ...address, street: '1 Home St' };
    const office = { ...address, street: '2 Office Rd', state: null };
    const cart = (await api.post('/carts', { customer_id: 'cust-shopstream' })).body.cart_id;
    await api.post(`/carts/${cart}/items`, { product_id: 'p1', variant_id: 'v1', quantity: 1 });
    const old = await api.post(`/carts/${cart}/checkout`, {
      shipping_address: home,
      billing_address: office,
    });
    expect(old.status).toBe(422);
    expect(old.body.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
      ['body', 'shipping'],
      ['body', 'billing'],
    ]);
    const checkout = await api.post(`/carts/${cart}/checkout`, { shipping: home, billing: office });
    expect(checkout.status).toBe(201);
    const order = (await api.get(`/orders/${checkout.body.order_id}`)).body;
    expect(order).toMatchObject({
      status: 'Created',
      shipping_address: home,
      billing_address: office,
      payment_method: null,
    });
  });
});
