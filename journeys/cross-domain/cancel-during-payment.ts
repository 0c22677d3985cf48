import type { Invariant, TestContext } from 'journeys-runner';
import { createDataSource } from '../../generators/faker.ts';
import { newCustomer } from '../../generators/identity.ts';
import { cancellation, newOrder } from '../../generators/ordering.ts';
import { WEBHOOK_HEADERS, webhookSucceeded } from '../../generators/payments.ts';
import type { CreateOrderBody } from '../../service/domains/ordering/schemas.ts';
import { call } from '../../suite/api/call.ts';
import { registerCustomer } from '../../suite/api/identity.ts';
import { getOrder, listOrders } from '../../suite/api/ordering.ts';
import { getPayment } from '../../suite/api/payments.ts';
import { headStart, raceWith } from '../../suite/head-start.ts';
import {
  paymentConsistency,
  refunded,
  type SettledOrder,
} from '../../suite/invariants/payment-consistency.ts';
import { OrderJourney } from '../../suite/order-journey.ts';
import { waitForSubscribers, waitUntil } from '../../suite/saga-wait.ts';

/** The customer whose orders this run races, so the invariants can find every one of them. */
export interface RaceCustomer {
  customerId: string;
}

/** The longest head start either side may get: longer than the saga takes to mark an order Paid under load. */
const HEAD_START_MS = 1000;

/** Statuses of a cancelled order. */
const CANCELLED = ['Cancelled', 'Refunded'];

/**
 * An order waits for its payment; the shopper cancels at the very moment the gateway
 * reports the payment captured — both requests in flight together, either one a little
 * ahead. Every end is valid: cancelled before the capture reached the order (its
 * payment refunded by the saga, or never captured); paid first and then cancelled — a
 * cancel is legal from Paid — with the saga refunding the money; or paid with no cancel
 * accepted. Never a cancelled order keeping the money.
 *
 * Outcomes: `cancel-won` when the cancel reached the order first, `payment-won` when the
 * captured payment did (the order then records it as Succeeded), and `refunded-by-saga`
 * when a cancelled order's payment had been captured and the saga gave the money back.
 */
export class CancelDuringPayment extends OrderJourney {
  static tags = ['cross-domain', 'race'];

  /** Registers the run's race customer, once, in the main thread. */
  static async testStart(ctx: TestContext): Promise<RaceCustomer> {
    return { customerId: await registerCustomer(ctx.client, newCustomer(createDataSource(ctx.seed))) };
  }

  /** After the saga has caught up: every order of the run ended consistently. */
  static async invariants(ctx: TestContext, { customerId }: RaceCustomer): Promise<Invariant[]> {
    const caughtUp = await waitForSubscribers(ctx.client);
    const settled: SettledOrder[] = [];
    for (const order of await listOrders(ctx.client, customerId)) {
      settled.push({
        ...order,
        payment: order.payment_id ? await getPayment(ctx.client, order.payment_id) : undefined,
      });
    }
    const invariants = paymentConsistency(settled);
    if (!caughtUp)
      invariants.push({
        name: 'saga-caught-up',
        pass: false,
        detail: 'subscribers still lagging after 30 s',
      });
    return invariants;
  }

  cancelAccepted = false;
  steps = [
    this.createOrder,
    this.confirm,
    this.initiatePayment,
    this.paymentPending,
    this.race,
    this.awaitSettled,
  ];

  override async orderBody(): Promise<CreateOrderBody> {
    const { customerId } = this.user.testDataOf(CancelDuringPayment);
    return newOrder(this.user.data, customerId, this.user.catalogue);
  }

  /**
   * Cancel and capture, both in flight together; a seeded head start of up to 1 s for
   * one side or the other (docs/decisions.md) makes both orders of arrival happen. A
   * refusal (400) or a conflict (409) is a valid race result.
   */
  async race() {
    const [cancel] = await raceWith(
      headStart(() => this.user.random(), HEAD_START_MS),
      () =>
        call(this.client, '[RACE] PUT /orders/{id}/cancel', {
          params: { id: this.orderId },
          json: cancellation(this.user.data),
          expect: [200],
          outcomes: { 400: 'cancel-refused', 409: 'cancel-conflict' },
        }),
      () =>
        call(this.client, '[RACE] POST /payments/webhook', {
          json: webhookSucceeded(this.user.data, this.paymentId),
          headers: WEBHOOK_HEADERS,
          expect: [200],
          outcomes: { 400: 'capture-refused', 409: 'capture-conflict' },
        }),
    );
    this.cancelAccepted = cancel.status === 200;
  }

  /** Waits (0.5 s polls, 12 s at most) until the saga settled the order, then names the winner. */
  async awaitSettled() {
    const { value } = await waitUntil(
      async () => ({
        order: await getOrder(this.client, this.orderId),
        payment: await getPayment(this.client, this.paymentId),
      }),
      ({ order, payment }) =>
        order.status === 'Paid' ||
        (CANCELLED.includes(order.status) && (payment.status !== 'Succeeded' || refunded(payment))),
      ({ order, payment }) =>
        `order ${this.orderId} ${order.status} with payment ${payment.status}, not settled`,
    );
    const { order, payment } = value;
    if (order.status === 'Paid' && this.cancelAccepted)
      throw new Error(`order ${this.orderId} is Paid although its cancel was accepted`);
    if (order.status === 'Paid' && payment.status === 'Failed')
      throw new Error(`order ${this.orderId} is Paid but its payment failed`);
    // The order records a captured payment only if the capture reached it before the cancel.
    this.outcome(order.payment_status === 'Succeeded' ? 'payment-won' : 'cancel-won');
    // A cancel that won after the capture leaves the money to the saga's automatic refund.
    if (order.status !== 'Paid' && refunded(payment)) this.outcome('refunded-by-saga');
  }
}
