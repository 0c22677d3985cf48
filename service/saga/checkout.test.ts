import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrder,
  createPayment,
  createStockItem,
  ORDER_TOTAL,
  orderAwaitingPayment,
  reserve,
  waitForOrder,
  waitForSaga,
  webhook,
} from '../testing/checkout-fixtures.ts';
import { type Api, startTestService, type TestService, testBackends } from '../testing/test-service.ts';
import { startCheckoutSaga } from './checkout.ts';

describe.each(testBackends())('checkout saga on %s', (backend) => {
  let service: TestService;
  let api: Api;
  let itemId: string;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
    itemId = await createStockItem(api, 100);
  });
  afterAll(() => service?.close());

  it('reports its lag and backlog on /health', async () => {
    const { body } = await api.get('/health');
    expect(body.subscribers['checkout-saga']).toEqual({
      lag: expect.any(Number),
      backlog: expect.any(Number),
    });
  });

  it('confirmed + reserved → Payment_Pending; payment succeeded → Paid', async () => {
    const orderId = await createOrder(api);
    await api.put(`/orders/${orderId}/confirm`);
    await reserve(api, itemId, orderId);
    await waitForOrder(api, orderId, 'Payment_Pending');
    const paymentId = await createPayment(api, orderId);
    expect((await webhook(api, paymentId, 'succeeded')).body).toEqual({ status: 'processed' });
    const paid = await waitForOrder(api, orderId, 'Paid');
    expect(paid).toMatchObject({
      payment_id: paymentId,
      payment_status: 'Succeeded',
      amount_paid: ORDER_TOTAL,
    });
  });

  it('a payment captured before the order was confirmed pays it once confirmed and reserved', async () => {
    const orderId = await createOrder(api);
    const paymentId = await createPayment(api, orderId);
    await webhook(api, paymentId, 'succeeded');
    await waitForSaga(api);
    expect((await api.get(`/orders/${orderId}`)).body.status).toBe('Created');
    await reserve(api, itemId, orderId);
    await api.put(`/orders/${orderId}/confirm`);
    expect(await waitForOrder(api, orderId, 'Paid')).toMatchObject({
      payment_id: paymentId,
      amount_paid: ORDER_TOTAL,
    });
  });

  it('a confirmed order without reserved stock stays Confirmed', async () => {
    const orderId = await createOrder(api);
    await api.put(`/orders/${orderId}/confirm`);
    await waitForSaga(api);
    expect((await api.get(`/orders/${orderId}`)).body.status).toBe('Confirmed');
  });

  it('payment failed → Confirmed, retried → Payment_Pending; the 3rd failure releases the stock and cancels', async () => {
    const { orderId, reservationId, paymentId } = await orderAwaitingPayment(api, itemId);
    for (let attempt = 1; attempt <= 2; attempt++) {
      await webhook(api, paymentId, 'failed');
      await waitForOrder(api, orderId, 'Confirmed');
      expect((await api.post(`/payments/${paymentId}/retry`)).body).toEqual({ status: 'retry_initiated' });
      await waitForOrder(api, orderId, 'Payment_Pending');
    }
    await webhook(api, paymentId, 'failed');
    const cancelled = await waitForOrder(api, orderId, 'Cancelled');
    expect(cancelled.cancelled_by).toBe('checkout-saga');
    await waitForSaga(api);
    const item = (await api.get(`/inventory/${itemId}`)).body;
    expect(
      item.reservations.find((r: { reservation_id: string }) => r.reservation_id === reservationId).status,
    ).toBe('Released');
    expect((await api.get(`/payments/${paymentId}`)).body).toMatchObject({
      status: 'Failed',
      attempt_count: 3,
    });
  });

  it('an order cancelled after its payment was captured is refunded automatically', async () => {
    const { orderId, paymentId } = await orderAwaitingPayment(api, itemId);
    await webhook(api, paymentId, 'succeeded');
    await waitForOrder(api, orderId, 'Paid');
    expect(
      (await api.put(`/orders/${orderId}/cancel`, { reason: 'Too slow', cancelled_by: 'customer' })).status,
    ).toBe(200);
    const refunded = await waitForOrder(api, orderId, 'Refunded');
    expect(refunded.refund_amount).toBe(ORDER_TOTAL);
    expect((await api.get(`/payments/${paymentId}`)).body).toMatchObject({
      status: 'Refunded',
      total_refunded: ORDER_TOTAL,
    });
  });

  it('a payment captured after the order was cancelled is refunded too', async () => {
    const { orderId, paymentId } = await orderAwaitingPayment(api, itemId);
    expect(
      (await api.put(`/orders/${orderId}/cancel`, { reason: 'Changed mind', cancelled_by: 'customer' }))
        .status,
    ).toBe(200);
    await webhook(api, paymentId, 'succeeded');
    await waitForOrder(api, orderId, 'Refunded');
    await waitForSaga(api);
    expect((await api.get(`/payments/${paymentId}`)).body).toMatchObject({
      status: 'Refunded',
      total_refunded: ORDER_TOTAL,
    });
  });

  it('a released reservation cancels its order', async () => {
    const { orderId, reservationId } = await orderAwaitingPayment(api, itemId);
    const released = await api.put(`/inventory/${itemId}/reservations/${reservationId}/release`, {
      reason: 'Out of time',
    });
    expect(released.status).toBe(200);
    const cancelled = await waitForOrder(api, orderId, 'Cancelled');
    expect(cancelled.cancelled_by).toBe('checkout-saga');
    // The client's own compensation afterwards is still accepted (cancel is idempotent).
    expect(
      (await api.put(`/orders/${orderId}/cancel`, { reason: 'x', cancelled_by: 'customer' })).status,
    ).toBe(200);
  });
  it('an expired reservation cancels an order awaiting payment, never a paid one', async () => {
    const awaiting = await orderAwaitingPayment(api, itemId);
    const paid = await orderAwaitingPayment(api, itemId);
    await webhook(api, paid.paymentId, 'succeeded');
    await waitForOrder(api, paid.orderId, 'Paid');
    const swept = await api.post('/inventory/maintenance/expire-reservations', { older_than_minutes: 0 });
    expect(swept.body.expired_count).toBeGreaterThanOrEqual(2);
    expect((await waitForOrder(api, awaiting.orderId, 'Cancelled')).cancellation_reason).toBe(
      'Stock reservation expired',
    );
    await waitForSaga(api);
    expect((await api.get(`/orders/${paid.orderId}`)).body.status).toBe('Paid');
  });

  it('replaying the whole log again (at-least-once delivery) changes nothing', async () => {
    await waitForSaga(api);
    const state = async () => ({
      events: (await service.ctx.store.readAll({ maxCount: 100_000 })).length,
      orders: (await api.get('/orders?customer_id=cust-saga&page_size=100')).body.items,
    });
    const before = await state();
    await service.ctx.subscribers.get('checkout-saga')!.stop();
    await service.ctx.store.storeCheckpoint('checkout-saga', { transactionId: 0n, globalPosition: 0n });
    expect((await api.get('/health')).body.subscribers['checkout-saga'].lag).toBe(before.events);
    service.ctx.subscribers.set('checkout-saga', startCheckoutSaga(service.ctx));
    await waitForSaga(api);
    expect(await state()).toEqual(before);
  });
});
