import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startTestService, type TestService, testBackends } from '../../testing/test-service.ts';

const signed = { 'X-Gateway-Signature': 'test-signature' };
let seq = 0;
const paymentBody = (extra: Record<string, unknown> = {}) => ({
  order_id: crypto.randomUUID(),
  customer_id: crypto.randomUUID(),
  amount: 100,
  currency: 'USD',
  payment_method_type: 'card',
  last4: '4242',
  idempotency_key: `idem-${Date.now()}-${++seq}`,
  ...extra,
});

describe.each(testBackends())('payments API on %s', (backend) => {
  let service: TestService;
  let api: Api;
  beforeAll(async () => {
    service = await startTestService(backend);
    api = service.api;
  });
  afterAll(() => service?.close());

  async function initiate(extra?: Record<string, unknown>): Promise<string> {
    const res = await api.post('/payments', paymentBody(extra));
    expect(res.status).toBe(201);
    return res.body.payment_id;
  }
  const webhook = (payment_id: string, gateway_status: string) =>
    api.post('/payments/webhook', { payment_id, gateway_status, gateway_transaction_id: 'gw-1' }, signed);

  it('initiates a payment and settles it by webhook; a second success is 400', async () => {
    const body = paymentBody();
    const id = (await api.post('/payments', body)).body.payment_id;
    expect((await api.get(`/payments/${id}`)).body).toMatchObject({
      payment_id: id,
      order_id: body.order_id,
      amount: 100,
      status: 'Pending',
      attempt_count: 1,
      total_refunded: 0,
    });
    expect(await webhook(id, 'succeeded')).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect((await api.get(`/payments/${id}`)).body.status).toBe('Succeeded');
    const again = await webhook(id, 'succeeded');
    expect(again.status).toBe(400);
    expect(again.body.error).toEqual({ status: ['Cannot transition from Succeeded to Succeeded'] });
  });

  it('returns the same payment_id for the same idempotency_key, also under a race', async () => {
    const body = paymentBody();
    const results = await Promise.all(Array.from({ length: 8 }, () => api.post('/payments', body)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.payment_id)).size).toBe(1);
    const later = await api.post('/payments', body);
    expect(later.body.payment_id).toBe(results[0].body.payment_id);
    const raceWithoutRetries = await startTestService(backend, { maxRetries: 0 });
    try {
      const racing = paymentBody();
      const noRetry = await Promise.all(
        Array.from({ length: 8 }, () => raceWithoutRetries.api.post('/payments', racing)),
      );
      expect(noRetry.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(noRetry.map((r) => r.body.payment_id)).size).toBe(1);
    } finally {
      await raceWithoutRetries.close();
    }
  });

  it('checks the webhook signature first: 401 before schema and lookup', async () => {
    for (const headers of [{}, { 'X-Gateway-Signature': 'wrong' }] as Record<string, string>[]) {
      for (const path of ['/payments/webhook', '/payments/refund/webhook']) {
        const res = await api.post(path, { nonsense: true }, headers);
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ detail: 'Invalid webhook signature' });
      }
    }
    expect((await api.post('/payments/webhook', { gateway_status: 'succeeded' }, signed)).status).toBe(422);
    const unknown = await api.post(
      '/payments/webhook',
      { payment_id: crypto.randomUUID(), gateway_status: 'succeeded' },
      signed,
    );
    expect(unknown.status).toBe(404);
  });

  it('retries a failed payment up to three attempts', async () => {
    const id = await initiate();
    const notFailed = await api.post(`/payments/${id}/retry`);
    expect(notFailed.body.error).toEqual({ status: ['Cannot transition from Pending to Pending'] });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await webhook(id, 'declined')).status).toBe(200);
      expect((await api.get(`/payments/${id}`)).body).toMatchObject({
        status: 'Failed',
        attempt_count: attempt,
      });
      const retry = await api.post(`/payments/${id}/retry`);
      if (attempt < 3) {
        expect(retry).toMatchObject({ status: 200, body: { status: 'retry_initiated' } });
      } else {
        expect(retry.status).toBe(400);
        expect(retry.body.error.attempt_count).toHaveLength(1);
      }
    }
    expect((await webhook(id, 'succeeded')).status).toBe(400);
  });

  it('refunds up to the amount, each with its own refund_id, confirmed by webhook', async () => {
    const id = await initiate({ amount: 100.1 });
    const early = await api.post(`/payments/${id}/refund`, { amount: 10, reason: 'x' });
    expect(early.body.error).toEqual({ status: ['Cannot transition from Pending to Refunded'] });
    await webhook(id, 'succeeded');
    const first = await api.post(`/payments/${id}/refund`, { amount: 60.05, reason: 'damaged' });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['refund_id']);
    expect((await api.get(`/payments/${id}`)).body).toMatchObject({
      status: 'Partially_Refunded',
      total_refunded: 60.05,
    });
    const tooMuch = await api.post(`/payments/${id}/refund`, { amount: 40.06, reason: 'x' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.amount).toHaveLength(1);
    expect((await api.post(`/payments/${id}/refund`, { amount: 0, reason: 'x' })).status).toBe(422);
    const rest = await api.post(`/payments/${id}/refund`, { amount: 40.05, reason: 'rest' });
    expect(rest.status).toBe(200);
    expect((await api.get(`/payments/${id}`)).body).toMatchObject({
      status: 'Refunded',
      total_refunded: 100.1,
    });
    const confirm = await api.post(
      '/payments/refund/webhook',
      { payment_id: id, refund_id: first.body.refund_id, gateway_refund_id: 'gr-1' },
      signed,
    );
    expect(confirm).toMatchObject({ status: 200, body: { status: 'refund_processed' } });
    const refunds = (await api.get(`/payments/${id}`)).body.refunds;
    expect(refunds.map((r: { status: string }) => r.status)).toEqual(['Processed', 'Requested']);
    const unknownRefund = await api.post(
      '/payments/refund/webhook',
      { payment_id: id, refund_id: crypto.randomUUID(), gateway_refund_id: 'gr-2' },
      signed,
    );
    expect(unknownRefund.status).toBe(404);
  });

  it('generates and voids invoices', async () => {
    const res = await api.post('/invoices', {
      order_id: crypto.randomUUID(),
      customer_id: crypto.randomUUID(),
      line_items: [
        { description: 'Widget', quantity: 3, unit_price: 19.99 },
        { description: 'Shipping', quantity: 1, unit_price: 5 },
      ],
      tax: 2.5,
    });
    expect(res.status).toBe(201);
    const id = res.body.invoice_id;
    expect((await api.get(`/invoices/${id}`)).body).toMatchObject({
      status: 'Issued',
      subtotal: 64.97,
      total: 67.47,
    });
    expect(await api.put(`/invoices/${id}/void`, { reason: 'duplicate' })).toMatchObject({
      status: 200,
      body: { status: 'voided' },
    });
    const again = await api.put(`/invoices/${id}/void`, { reason: 'again' });
    expect(again.body.error).toEqual({ status: ['Cannot transition from Voided to Voided'] });
    expect((await api.put(`/invoices/${id}/void`, {})).status).toBe(422);
    const badLines = await api.post('/invoices', {
      order_id: 'o',
      customer_id: 'c',
      line_items: [{ quantity: -1 }],
    });
    expect(badLines.status).toBe(422);
    expect(badLines.body.detail.map((d: { loc: unknown[] }) => d.loc.join('.'))).toEqual(
      expect.arrayContaining(['body.line_items.0.description', 'body.line_items.0.quantity']),
    );
  });

  it('answers 404 for unknown payment and invoice ids', async () => {
    const unknown = crypto.randomUUID();
    for (const res of await Promise.all([
      api.get(`/payments/${unknown}`),
      api.post(`/payments/${unknown}/retry`),
      api.post(`/payments/${unknown}/refund`, { amount: 1, reason: 'x' }),
      api.put(`/invoices/${unknown}/void`, { reason: 'x' }),
      api.get(`/invoices/${unknown}`),
    ])) {
      expect(res.status).toBe(404);
    }
  });
});
