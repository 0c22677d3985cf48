import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Api } from './test-service.ts';

/**
 * Test support for the saga and race tests: set orders up over HTTP the way clients do, and
 * wait — with a deadline — for the saga to catch up. Not imported by the service.
 */
const address = { street: '1 Main St', city: 'Springfield', postal_code: '62701', country: 'US' };
export const WEBHOOK_HEADERS = { 'X-Gateway-Signature': 'test-signature' };

/** One line of 2 × 15.5 with 4 shipping: grand total 35. */
export const ORDER_TOTAL = 35;

export async function createOrder(
  api: Api,
  items: { quantity: number; unit_price: number }[] = [{ quantity: 2, unit_price: 15.5 }],
) {
  const { status, body } = await api.post('/orders', {
    customer_id: 'cust-saga',
    items: items.map((item, i) => ({
      product_id: `p-${i}`,
      variant_id: `v-${i}`,
      sku: `SKU-${i}`,
      title: `T${i}`,
      ...item,
    })),
    shipping_address: address,
    billing_address: address,
    shipping_cost: 4,
  });
  expect(status).toBe(201);
  return body.order_id as string;
}

export async function createStockItem(api: Api, quantity: number): Promise<string> {
  const { status, body } = await api.post('/inventory', {
    product_id: 'p-0',
    variant_id: 'v-0',
    warehouse_id: 'wh-1',
    sku: 'SKU-SAGA',
    initial_quantity: quantity,
  });
  expect(status).toBe(201);
  return body.inventory_item_id as string;
}

export async function reserve(api: Api, itemId: string, orderId: string, quantity = 1): Promise<string> {
  const { status, body } = await api.post(`/inventory/${itemId}/reserve`, { order_id: orderId, quantity });
  expect(status).toBe(201);
  return body.reservation_id as string;
}

export async function createPayment(api: Api, orderId: string, amount = ORDER_TOTAL): Promise<string> {
  const { status, body } = await api.post('/payments', {
    order_id: orderId,
    customer_id: 'cust-saga',
    amount,
    payment_method_type: 'card',
    idempotency_key: `pay-${orderId}`,
  });
  expect(status).toBe(201);
  return body.payment_id as string;
}

export function webhook(api: Api, paymentId: string, gateway_status: 'succeeded' | 'failed') {
  return api.post(
    '/payments/webhook',
    { payment_id: paymentId, gateway_status, failure_reason: 'Card declined' },
    WEBHOOK_HEADERS,
  );
}

/** Polls `GET /orders/{id}` (every 25 ms, up to `timeoutMs`) until it shows `status`. */
export async function waitForOrder(api: Api, orderId: string, status: string, timeoutMs = 15_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { body } = await api.get(`/orders/${orderId}`);
    if (body.status === status) return body;
    if (performance.now() > deadline)
      throw new Error(`order ${orderId} is ${body.status}, expected ${status}`);
    await sleep(25);
  }
}

/** Waits until `/health` reports the checkout saga with no unprocessed events (its own appends included). */
export async function waitForSaga(api: Api, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let idle = 0;
  while (idle < 2) {
    const { body } = await api.get('/health');
    idle = body.subscribers['checkout-saga'].lag === 0 ? idle + 1 : 0;
    if (performance.now() > deadline) throw new Error('checkout saga did not catch up');
    await sleep(50);
  }
}

/** An order confirmed with one unit reserved for it, moved to Payment_Pending by the saga, with a payment. */
export async function orderAwaitingPayment(api: Api, itemId: string) {
  const orderId = await createOrder(api);
  const reservationId = await reserve(api, itemId, orderId);
  const paymentId = await createPayment(api, orderId);
  expect((await api.put(`/orders/${orderId}/confirm`)).status).toBe(200);
  expect(
    (await api.put(`/orders/${orderId}/payment/pending`, { payment_id: paymentId, payment_method: 'card' }))
      .status,
  ).toBe(200);
  return { orderId, reservationId, paymentId };
}
