import { Journey } from 'journeys-runner';
import { grandTotal, newOrder, paymentPending, paymentSucceeded, shipment } from '../generators/ordering.ts';
import { newPayment, webhookSucceeded } from '../generators/payments.ts';
import type { CreateOrderBody } from '../service/domains/ordering/schemas.ts';
import {
  createOrder,
  markPaymentPending,
  moveOrder,
  recordPaymentSuccess,
  shipOrder,
} from './api/ordering.ts';
import { initiatePayment, sendPaymentWebhook } from './api/payments.ts';
import type { ShopUser } from './shop-user.ts';

/**
 * What the order journeys have in common: an order and the legal moves along its
 * lifecycle, each one step. Subclasses list the steps they take, and may say whose order
 * it is by overriding `orderBody()`.
 *
 * @example
 * export class OrderCancellation extends OrderJourney {
 *   steps = [this.createOrder, this.confirm, this.paymentPending, this.cancel, this.refund];
 * }
 */
export abstract class OrderJourney extends Journey<ShopUser> {
  order!: CreateOrderBody;
  orderId = '';
  /** The payment the order waits for; a made-up id unless the journey initiated a real payment. */
  paymentId = '';

  /** What the order costs (the service computes the same from the lines). */
  get amount(): number {
    return grandTotal(this.order);
  }

  /** The order to place: by default this shopper's, of variants it listed. */
  async orderBody(): Promise<CreateOrderBody> {
    return newOrder(this.user.data, await this.user.customerId(), this.user.catalogue);
  }

  async createOrder() {
    this.order = await this.orderBody();
    this.orderId = await createOrder(this.client, this.order);
  }

  async confirm() {
    await moveOrder(this.client, this.orderId, 'confirm');
  }

  /** A real payment for the order's grand total. */
  async initiatePayment() {
    const body = newPayment(this.user.data, {
      orderId: this.orderId,
      customerId: this.order.customer_id,
      amount: this.amount,
    });
    this.paymentId = await initiatePayment(this.client, body);
  }

  async paymentPending() {
    this.paymentId ||= this.user.data.faker.string.uuid();
    await markPaymentPending(this.client, this.orderId, paymentPending(this.user.data, this.paymentId));
  }

  async webhookSuccess() {
    await sendPaymentWebhook(this.client, webhookSucceeded(this.user.data, this.paymentId));
  }

  async paymentSuccess() {
    await recordPaymentSuccess(
      this.client,
      this.orderId,
      paymentSucceeded(this.user.data, this.paymentId, this.amount),
    );
  }

  async processing() {
    await moveOrder(this.client, this.orderId, 'processing');
  }

  async ship() {
    await shipOrder(this.client, this.orderId, shipment(this.user.data));
  }

  async deliver() {
    await moveOrder(this.client, this.orderId, 'deliver');
  }
}
