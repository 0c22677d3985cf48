import { moveOrder } from '../../suite/api/ordering.ts';
import { OrderJourney } from '../../suite/order-journey.ts';

/** An order's happy path end to end: Created → Confirmed → Payment_Pending → Paid → Processing → Shipped → Delivered → Completed. */
export class OrderFullLifecycle extends OrderJourney {
  static tags = ['ordering'];

  steps = [
    this.createOrder,
    this.confirm,
    this.paymentPending,
    this.paymentSuccess,
    this.processing,
    this.ship,
    this.deliver,
    this.complete,
  ];

  async complete() {
    await moveOrder(this.client, this.orderId, 'complete');
  }
}
