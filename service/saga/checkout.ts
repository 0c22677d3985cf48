import type { RunningSubscriber, ServiceContext } from '../context.ts';
import { startSubscriber } from '../eventstore/index.ts';
import type { ReadAllEvent } from '../eventstore/types.ts';
import {
  awaitPayment,
  orderCancelled,
  paymentFailed,
  paymentRetried,
  paymentSucceeded,
  reservationEnded,
} from './checkout-reactions.ts';
import { SAGA_NAME, type Step } from './checkout-steps.ts';

type Data = Record<string, unknown> & { order_id: string };
type Payment = Parameters<typeof paymentSucceeded>[1];
type Failure = Parameters<typeof paymentFailed>[1];
type Retry = Parameters<typeof paymentRetried>[1];

const reactions: Record<string, (step: Step, data: Data) => Promise<void>> = {
  OrderConfirmed: (step, d) => awaitPayment(step, d.order_id, 'confirmed'),
  StockReserved: (step, d) => awaitPayment(step, d.order_id, 'reserved'),
  PaymentRetryInitiated: (step, d) => paymentRetried(step, d as unknown as Retry),
  PaymentSucceeded: (step, d) => paymentSucceeded(step, d as unknown as Payment),
  PaymentFailed: (step, d) => paymentFailed(step, d as unknown as Failure),
  ReservationReleased: (step, d) => reservationEnded(step, d.order_id, 'released'),
  ReservationExpired: (step, d) => reservationEnded(step, d.order_id, 'expired'),
  OrderCancelled: (step, d) => orderCancelled(step, d.order_id),
};

/** Orders whose events are handled at once; one order's events always run one after another. */
const PARALLEL_ORDERS = 8;

async function react(ctx: ServiceContext, event: ReadAllEvent): Promise<void> {
  const data = event.data as Data;
  if (typeof data.order_id !== 'string') return;
  const correlation = event.metadata.correlation_id;
  const metadata = {
    causation_id: event.id,
    caused_by: SAGA_NAME,
    ...(correlation ? { correlation_id: correlation } : {}),
  };
  await reactions[event.type]?.({ ctx, metadata }, data);
}

/**
 * The checkout process manager (API.md "Checkout saga"): follows the log from its checkpoint
 * and moves orders along as stock is reserved and payments succeed or fail; compensates by
 * releasing stock, cancelling and refunding. Delivery is at-least-once, so every reaction
 * re-reads the current state and its commands are no-ops when already done. A batch is split
 * by order: different orders proceed in parallel, one order's events stay in log order.
 *
 * @example
 * ctx.subscribers.set('checkout-saga', startCheckoutSaga(ctx));
 */
export function startCheckoutSaga(ctx: ServiceContext, options: { pollMs?: number } = {}): RunningSubscriber {
  return startSubscriber(ctx.store, {
    name: SAGA_NAME,
    handles: Object.keys(reactions),
    pollMs: options.pollMs ?? 50,
    onError: (error) => ctx.log('error', 'checkout saga batch failed; will retry', { error: String(error) }),
    async handle(events) {
      const byOrder = [...Map.groupBy(events, (e) => String((e.data as Data).order_id)).values()];
      const worker = async () => {
        for (let group = byOrder.shift(); group; group = byOrder.shift()) {
          for (const event of group) await react(ctx, event);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_ORDERS }, worker));
    },
  });
}
