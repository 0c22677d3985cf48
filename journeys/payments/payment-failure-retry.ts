import { webhookFailed } from '../../generators/payments.ts';
import { retryPayment, sendPaymentWebhook } from '../../suite/api/payments.ts';
import { PaymentJourney } from '../../suite/payment-journey.ts';

/** The card is declined, the shopper retries and the second attempt goes through: Failed → Pending → Succeeded. */
export class PaymentFailureRetry extends PaymentJourney {
  static tags = ['payments'];

  steps = [this.initiate, this.webhookFailure, this.retry, this.webhookSuccess];

  async webhookFailure() {
    await sendPaymentWebhook(this.client, webhookFailed(this.user.data, this.paymentId));
  }

  async retry() {
    await retryPayment(this.client, this.paymentId);
  }
}
