import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from 'journeys-runner';
import { call } from './api/call.ts';
import { getOrder, type OrderView } from './api/ordering.ts';

/** How clients wait for the checkout saga (API.md): poll every 0.5 s, give up after 12 s. */
export const SAGA_POLL = { everyMs: 500, timeoutMs: 12_000 } as const;

/** The saga did not bring an order where it should be in time: a failure of the service, not of the client. */
export class SagaTimeout extends Error {
  readonly code = 'SAGA_TIMEOUT';
}

/**
 * Reads with `read()` until `reached(value)` holds; returns the value and the
 * milliseconds waited. Throws SagaTimeout (which interrupts the journey as a failure)
 * when the deadline passes first, describing the last value read.
 *
 * @example const { value } = await waitUntil(() => getOrder(client, id), (o) => o.status === 'Paid', (o) => `order ${o.status}`);
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  reached: (value: T) => boolean,
  describe: (value: T) => string,
  poll: { everyMs: number; timeoutMs: number } = SAGA_POLL,
): Promise<{ value: T; waitedMs: number }> {
  const started = performance.now();
  for (;;) {
    const value = await read();
    const waitedMs = performance.now() - started;
    if (reached(value)) return { value, waitedMs };
    if (waitedMs + poll.everyMs > poll.timeoutMs) {
      throw new SagaTimeout(`${describe(value)} after ${Math.round(waitedMs)} ms`);
    }
    await sleep(poll.everyMs);
  }
}

/**
 * Polls `GET /orders/{id}` until `reached(order)` holds (see `waitUntil`).
 * @example const { value: order } = await waitForOrder(this.client, id, (o) => o.status === 'Paid', 'Paid');
 */
export function waitForOrder(
  client: HttpClient,
  orderId: string,
  reached: (order: OrderView) => boolean,
  what: string,
) {
  return waitUntil(
    () => getOrder(client, orderId),
    reached,
    (order) =>
      `order ${orderId} still ${order.status} (payment ${order.payment_status}), waiting for ${what}`,
  );
}

/**
 * Waits until every async subscriber of the service (sagas, projections) has processed
 * the whole log, as `GET /health` reports it (`subscribers.<name>.lag`). Returns false
 * if they have not caught up by the deadline.
 */
export async function waitForSubscribers(client: HttpClient, timeoutMs = 30_000): Promise<boolean> {
  const idle = (health: { subscribers?: Record<string, { lag: number }> }) =>
    Object.values(health.subscribers ?? {}).every((subscriber) => subscriber.lag === 0);
  try {
    await waitUntil(
      async () => (await call(client, 'GET /health', { expect: [200] })).json,
      idle,
      (health) => `subscribers still behind: ${JSON.stringify(health.subscribers)}`,
      { everyMs: 200, timeoutMs },
    );
    return true;
  } catch (error) {
    if (error instanceof SagaTimeout) return false;
    throw error;
  }
}
