import { refundRequest, refundWebhook } from '../../generators/payments.ts';
import { requestRefund, sendRefundWebhook } from '../../suite/api/payments.ts';
import { PaymentJourney } from '../../suite/payment-journey.ts';

/** A captured payment is refunded (in full or in part) and the gateway confirms the refund. */
export class PaymentRefund extends PaymentJourney {
  static tags = ['payments'];

  refundId = '';
  steps = [this.initiate, this.webhookSuccess, this.requestRefund, this.refundWebhook];

  async requestRefund() {
    this.refundId = await requestRefund(
      this.client,
      this.paymentId,
      refundRequest(this.user.data, this.amount),
    );
  }

  async refundWebhook() {
    await sendRefundWebhook(this.client, refundWebhook(this.user.data, this.paymentId, this.refundId));
  }
}
