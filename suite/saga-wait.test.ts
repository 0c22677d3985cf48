import { describe, expect, it } from 'vitest';
import { SagaTimeout, waitUntil } from './saga-wait.ts';

describe('waitUntil', () => {
  it('returns the first value that reached the goal, polling in between', async () => {
    const values = ['Confirmed', 'Payment_Pending', 'Paid', 'Shipped'];
    let reads = 0;
    const { value } = await waitUntil(
      async () => values[reads++],
      (status) => status === 'Paid',
      (status) => status,
      { everyMs: 1, timeoutMs: 1_000 },
    );
    expect(value).toBe('Paid');
    expect(reads).toBe(3);
  });

  it('gives up at the deadline with what it last saw', async () => {
    const waiting = waitUntil(
      async () => 'Payment_Pending',
      (status) => status === 'Paid',
      (status) => `order still ${status}`,
      { everyMs: 5, timeoutMs: 20 },
    );
    await expect(waiting).rejects.toBeInstanceOf(SagaTimeout);
    await expect(waiting).rejects.toThrow(/^order still Payment_Pending after \d+ ms$/);
  });
});
