import { release, reservation } from '../../generators/inventory.ts';
import { cancellation } from '../../generators/ordering.ts';
import { webhookFailed } from '../../generators/payments.ts';
import { releaseReservation, reserveStock } from '../../suite/api/inventory.ts';
import { cancelOrder } from '../../suite/api/ordering.ts';
import { sendPaymentWebhook } from '../../suite/api/payments.ts';
import { OrderJourney } from '../../suite/order-journey.ts';
import { waitForOrder } from '../../suite/saga-wait.ts';

/** Share of checkouts whose payment goes through. */
const SUCCESS_SHARE = 0.7;
/** Upper bounds (seconds) of the saga-time outcomes. */
const SAGA_TIME_BUCKETS = [0.5, 1, 2, 5, 12];

/**
 * The checkout saga, driven from the client's side: an order is reserved, confirmed
 * and paid through the gateway while the server-side saga moves it. 70% of payments
 * succeed and the order ends Paid; 30% fail, and the client compensates: the failure
 * recorded (by the saga), the order cancelled, the stock released.
 *
 * Outcomes: `paid` / `compensated`, and the saga's time from confirm to its end state as
 * `saga<=0.5s` … `saga<=12s` (the runner's client records real requests only, so the
 * time travels as a histogram of outcomes; the polls themselves are `GET /orders/{id}`).
 */
export class SagaOrderCheckout extends OrderJourney {
  static tags = ['cross-domain', 'saga'];

  succeeds = true;
  itemId = '';
  reservationId = '';
  units = 0;
  confirmedAt = 0;
  steps = [
    this.createOrder,
    this.reserveStock,
    this.confirmCheckout,
    this.awaitPaymentPending,
    this.initiatePayment,
    this.gatewayResult,
    this.awaitPaymentResult,
    this.compensate,
  ];

  onStart() {
    this.succeeds = this.user.random() < SUCCESS_SHARE;
  }

  async reserveStock() {
    this.units = this.order.items.reduce((sum, item) => sum + item.quantity, 0);
    this.itemId = await this.user.saleItem(this.units);
    const body = { ...reservation(this.user.data, this.orderId), quantity: this.units };
    this.reservationId = await reserveStock(this.client, this.itemId, body);
  }

  async confirmCheckout() {
    await this.confirm();
    this.confirmedAt = performance.now();
  }

  /** The saga saw the order confirmed and its stock reserved. */
  async awaitPaymentPending() {
    await waitForOrder(
      this.client,
      this.orderId,
      (order) => order.status === 'Payment_Pending',
      'Payment_Pending',
    );
  }

  async gatewayResult() {
    if (this.succeeds) await this.webhookSuccess();
    else await sendPaymentWebhook(this.client, webhookFailed(this.user.data, this.paymentId));
  }

  /** Paid; or, after a decline, the saga has recorded the failure on the order. */
  async awaitPaymentResult() {
    if (this.succeeds) {
      await waitForOrder(this.client, this.orderId, (order) => order.status === 'Paid', 'Paid');
    } else {
      await waitForOrder(
        this.client,
        this.orderId,
        (order) => order.payment_status === 'Failed',
        'the payment failure',
      );
    }
    const seconds = (performance.now() - this.confirmedAt) / 1000;
    const bucket = SAGA_TIME_BUCKETS.find((limit) => seconds <= limit);
    this.outcome(bucket === undefined ? `saga>${SAGA_TIME_BUCKETS.at(-1)}s` : `saga<=${bucket}s`);
  }

  /** After a decline: cancel the order, then give its stock back (cancel first, so the saga has nothing left to cancel). */
  async compensate() {
    if (this.succeeds) {
      this.outcome('paid');
      return;
    }
    await cancelOrder(this.client, this.orderId, cancellation(this.user.data));
    await releaseReservation(this.client, this.itemId, this.reservationId, release(this.user.data));
    this.user.restock(this.units);
    this.outcome('compensated');
  }
}
