import { returnRequest } from '../../generators/ordering.ts';
import { moveOrder, recordReturn, requestReturn } from '../../suite/api/ordering.ts';
import { OrderJourney } from '../../suite/order-journey.ts';

/** A delivered order comes back: Delivered → Return_Requested → Return_Approved → Returned. */
export class OrderReturn extends OrderJourney {
  static tags = ['ordering'];

  steps = [
    this.createOrder,
    this.confirm,
    this.paymentPending,
    this.paymentSuccess,
    this.ship,
    this.deliver,
    this.requestReturn,
    this.approveReturn,
    this.recordReturn,
  ];

  async requestReturn() {
    await requestReturn(this.client, this.orderId, returnRequest(this.user.data));
  }

  async approveReturn() {
    await moveOrder(this.client, this.orderId, 'return/approve');
  }

  async recordReturn() {
    await recordReturn(this.client, this.orderId);
  }
}
