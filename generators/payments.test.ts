import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../service/domains/payments/schemas.ts';
import type { DataSource } from './faker.ts';
import {
  invoiceVoid,
  newInvoice,
  newPayment,
  refundRequest,
  refundWebhook,
  webhookFailed,
  webhookSucceeded,
} from './payments.ts';
import { invalidSamples, samplesOf, twinSources } from './schema-samples.ts';

const generators: [keyof typeof requestSchemas, (data: DataSource) => unknown][] = [
  ['POST /payments', (data) => newPayment(data)],
  ['POST /payments/webhook', (data) => webhookSucceeded(data, data.faker.string.uuid())],
  ['POST /payments/webhook', (data) => webhookFailed(data, data.faker.string.uuid())],
  ['POST /payments/{id}/refund', (data) => refundRequest(data, 49.99)],
  [
    'POST /payments/refund/webhook',
    (data) => refundWebhook(data, data.faker.string.uuid(), data.faker.string.uuid()),
  ],
  ['POST /invoices', (data) => newInvoice(data)],
  ['PUT /invoices/{id}/void', invoiceVoid],
];

describe('payments generators', () => {
  it.each(generators)('%s: 1,000 seeded samples pass the request schema', (request, make) => {
    expect(invalidSamples(requestSchemas[request], make)).toEqual([]);
  });

  it('gives every payment its own idempotency key', () => {
    const keys = samplesOf((data) => newPayment(data).idempotency_key);
    expect(new Set(keys).size).toBe(1_000);
  });

  it('never refunds more than was paid', () => {
    for (const { amount } of samplesOf((data) => refundRequest(data, 10.01))) {
      expect(amount).toBeGreaterThan(0);
      expect(amount).toBeLessThanOrEqual(10.01);
    }
  });

  it('gives the same data for the same seed', () => {
    const [a, b] = twinSources();
    for (const [, make] of generators) expect(make(a)).toEqual(make(b));
  });
});
