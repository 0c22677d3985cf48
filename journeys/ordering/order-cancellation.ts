import { cancellation } from '../../generators/ordering.ts';
import { cancelOrder, refundOrder } from '../../suite/api/ordering.ts';
import { OrderJourney } from '../../suite/order-journey.ts';

/** The shopper cancels while payment is pending; the order is then refunded (Cancelled → Refunded). */
export class OrderCancellation extends OrderJourney {
  static tags = ['ordering'];

  steps = [this.createOrder, this.confirm, this.paymentPending, this.cancel, this.refund];

  async cancel() {
    await cancelOrder(this.client, this.orderId, cancellation(this.user.data));
  }

  async refund() {
    await refundOrder(this.client, this.orderId);
  }
}
