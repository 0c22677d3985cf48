import { Journey } from 'journeys-runner';
import { newPayment, webhookSucceeded } from '../generators/payments.ts';
import { initiatePayment, sendPaymentWebhook } from './api/payments.ts';
import type { ShopUser } from './shop-user.ts';

/**
 * What the payments journeys have in common: a payment by this shopper and the gateway
 * confirming it. The payment names an order id of its own, not one of the user's
 * orders, so the checkout saga never moves a real order because of it.
 *
 * @example
 * export class PaymentSuccess extends PaymentJourney {
 *   steps = [this.initiate, this.webhookSuccess];
 * }
 */
export abstract class PaymentJourney extends Journey<ShopUser> {
  paymentId = '';
  amount = 0;

  async initiate() {
    const body = newPayment(this.user.data, { customerId: await this.user.customerId() });
    this.paymentId = await initiatePayment(this.client, body);
    this.amount = body.amount;
  }

  async webhookSuccess() {
    await sendPaymentWebhook(this.client, webhookSucceeded(this.user.data, this.paymentId));
  }
}
