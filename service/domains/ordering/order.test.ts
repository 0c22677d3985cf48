import { describe, expect, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { orderDecider } from './order.ts';
import type { OrderCommand, OrderEvent, OrderLine } from './order-events.ts';

const spec = deciderSpec(orderDecider);
const order_id = 'o-1';
const address = { street: '1 Main St', city: 'Springfield', postal_code: '12345', country: 'US' };
const line = (item_id: string, quantity: number, unit_price: number): OrderLine => ({
  item_id,
  product_id: `p-${item_id}`,
  variant_id: `v-${item_id}`,
  sku: `SKU-${item_id}`,
  title: `Item ${item_id}`,
  quantity,
  unit_price,
});

const created: OrderEvent = {
  type: 'OrderCreated',
  data: {
    order_id,
    customer_id: 'c-1',
    cart_id: null,
    items: [line('a', 2, 10.1), line('b', 1, 5.05)],
    shipping_address: address,
    billing_address: address,
    shipping_cost: 5,
    tax_total: 2.5,
    discount_total: 1,
    currency: 'USD',
    payment_method: null,
  },
};
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { order_id } };
const pending: OrderEvent = {
  type: 'OrderPaymentPending',
  data: { order_id, payment_id: 'pay-1', payment_method: 'card' },
};
const paid: OrderEvent = {
  type: 'OrderPaymentSucceeded',
  data: { order_id, payment_id: 'pay-1', amount: 31.75, payment_method: 'card' },
};
const processing: OrderEvent = { type: 'OrderProcessingStarted', data: { order_id } };
const shipment = { shipment_id: 's-1', carrier: 'UPS', tracking_number: 'T1', estimated_delivery: null };
const shipped: OrderEvent = {
  type: 'OrderShipped',
  data: { order_id, ...shipment, shipped_item_ids: ['a', 'b'] },
};
const delivered: OrderEvent = { type: 'OrderDelivered', data: { order_id } };
const returnRequested: OrderEvent = { type: 'OrderReturnRequested', data: { order_id, reason: 'too big' } };
const returnApproved: OrderEvent = { type: 'OrderReturnApproved', data: { order_id } };
const returned: OrderEvent = { type: 'OrderReturned', data: { order_id, returned_item_ids: ['a', 'b'] } };
const cancel: OrderCommand = { type: 'CancelOrder', reason: 'changed mind', cancelled_by: 'customer' };
const ship: OrderCommand = { type: 'ShipOrder', ...shipment, shipped_item_ids: null };

/** The event histories that put an order in each status. */
const history = {
  Created: [created],
  Confirmed: [created, confirmed],
  Payment_Pending: [created, confirmed, pending],
  Paid: [created, confirmed, pending, paid],
  Processing: [created, confirmed, pending, paid, processing],
  Shipped: [created, confirmed, pending, paid, shipped],
  Delivered: [created, confirmed, pending, paid, shipped, delivered],
  Return_Requested: [created, confirmed, pending, paid, shipped, delivered, returnRequested],
  Return_Approved: [created, confirmed, pending, paid, shipped, delivered, returnRequested, returnApproved],
  Returned: [
    created,
    confirmed,
    pending,
    paid,
    shipped,
    delivered,
    returnRequested,
    returnApproved,
    returned,
  ],
};

describe('order decider', () => {
  it('computes subtotal and grand total on the server, and again when items are added', () => {
    spec
      .given([])
      .when({ type: 'CreateOrder', ...created.data } as OrderCommand)
      .thenState((s) => {
        expect(s.subtotal).toBe(25.25);
        expect(s.grand_total).toBe(31.75);
      });
    spec
      .given(history.Created)
      .when({ type: 'AddOrderItem', item: line('c', 3, 0.1) })
      .thenState((s) => {
        expect(s.items).toHaveLength(3);
        expect(s.subtotal).toBe(25.55);
        expect(s.grand_total).toBe(32.05);
      });
  });

  it('refuses items once the order is confirmed', () => {
    spec
      .given(history.Confirmed)
      .when({ type: 'AddOrderItem', item: line('c', 1, 1) })
      .thenThrows(BusinessRuleError, /Confirmed/);
  });

  it('walks every legal transition of the state machine', () => {
    spec.given(history.Created).when({ type: 'ConfirmOrder' }).thenEvents([confirmed]);
    spec
      .given(history.Confirmed)
      .when({ type: 'MarkPaymentPending', payment_id: 'pay-1', payment_method: 'card' })
      .thenEvents([pending]);
    spec
      .given(history.Payment_Pending)
      .when({ type: 'RecordPaymentSuccess', payment_id: 'pay-1', amount: 31.75, payment_method: 'card' })
      .thenEvents([paid]);
    spec
      .given(history.Payment_Pending)
      .when({ type: 'RecordPaymentFailure', payment_id: 'pay-1', reason: 'declined' })
      .thenState((s) => {
        expect(s.status).toBe('Confirmed');
        expect(s.payment_failures).toBe(1);
      });
    spec.given(history.Paid).when({ type: 'StartProcessing' }).thenEvents([processing]);
    spec.given(history.Paid).when(ship).thenEvents([shipped]);
    spec.given(history.Processing).when(ship).thenEvents([shipped]);
    spec
      .given(history.Processing)
      .when({ ...ship, shipped_item_ids: ['a'] } as OrderCommand)
      .thenTypes(['OrderPartiallyShipped']);
    spec
      .given([
        ...history.Processing,
        { type: 'OrderPartiallyShipped', data: { order_id, ...shipment, shipped_item_ids: ['a'] } },
      ])
      .when({ ...ship, shipped_item_ids: ['b'] } as OrderCommand)
      .thenEvents([shipped]);
    spec.given(history.Shipped).when({ type: 'DeliverOrder' }).thenEvents([delivered]);
    spec.given(history.Delivered).when({ type: 'CompleteOrder' }).thenTypes(['OrderCompleted']);
    spec
      .given(history.Delivered)
      .when({ type: 'RequestReturn', reason: 'too big' })
      .thenEvents([returnRequested]);
    spec.given(history.Return_Requested).when({ type: 'ApproveReturn' }).thenEvents([returnApproved]);
    spec
      .given(history.Return_Approved)
      .when({ type: 'RecordReturn', returned_item_ids: null })
      .thenEvents([returned]);
    spec
      .given(history.Returned)
      .when({ type: 'RefundOrder', refund_amount: null })
      .thenEvents([{ type: 'OrderRefunded', data: { order_id, refund_amount: 31.75 } }]);
    for (const status of ['Created', 'Confirmed', 'Payment_Pending', 'Paid'] as const) {
      spec
        .given(history[status])
        .when(cancel)
        .thenEvents([
          {
            type: 'OrderCancelled',
            data: {
              order_id,
              reason: 'changed mind',
              cancelled_by: 'customer',
              previous_status: status,
              payment_captured: status === 'Paid',
            },
          },
        ]);
    }
    spec
      .given([
        ...history.Confirmed,
        {
          type: 'OrderCancelled',
          data: {
            order_id,
            reason: 'x',
            cancelled_by: 'y',
            previous_status: 'Confirmed',
            payment_captured: false,
          },
        },
      ])
      .when({ type: 'RefundOrder', refund_amount: 10 })
      .thenEvents([{ type: 'OrderRefunded', data: { order_id, refund_amount: 10 } }]);
  });

  it('refuses illegal transitions with "Cannot transition from A to B"', () => {
    spec
      .given(history.Confirmed)
      .when({ type: 'RecordPaymentSuccess', payment_id: 'p', amount: 1, payment_method: null })
      .thenThrows(BusinessRuleError, 'Cannot transition from Confirmed to Paid');
    spec
      .given(history.Created)
      .when({ type: 'StartProcessing' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Created to Processing');
    spec
      .given(history.Confirmed)
      .when(ship)
      .thenThrows(BusinessRuleError, 'Cannot transition from Confirmed to Shipped');
    spec
      .given(history.Paid)
      .when({ ...ship, shipped_item_ids: ['a'] } as OrderCommand)
      .thenThrows(BusinessRuleError, 'Cannot transition from Paid to Partially_Shipped');
    spec
      .given(history.Shipped)
      .when(cancel)
      .thenThrows(BusinessRuleError, 'Cannot transition from Shipped to Cancelled');
    spec
      .given(history.Paid)
      .when({ type: 'RefundOrder', refund_amount: null })
      .thenThrows(BusinessRuleError, 'Cannot transition from Paid to Refunded');
    spec
      .given(history.Delivered)
      .when({ type: 'ApproveReturn' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Delivered to Return_Approved');
    spec.given(history.Created).when({ type: 'ConfirmOrder' }).thenTypes(['OrderConfirmed']);
    spec
      .given(history.Confirmed)
      .when({ type: 'ConfirmOrder' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Confirmed to Confirmed');
    spec
      .given(history.Confirmed)
      .when({ type: 'RecordPaymentFailure', payment_id: 'p', reason: 'r' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Confirmed to Confirmed');
  });

  it('treats repeated and late payment callbacks, cancels and refunds as no-ops', () => {
    const cancelled: OrderEvent = {
      type: 'OrderCancelled',
      data: {
        order_id,
        reason: 'x',
        cancelled_by: 'y',
        previous_status: 'Payment_Pending',
        payment_captured: false,
      },
    };
    const success: OrderCommand = {
      type: 'RecordPaymentSuccess',
      payment_id: 'pay-1',
      amount: 31.75,
      payment_method: null,
    };
    const markPending: OrderCommand = {
      type: 'MarkPaymentPending',
      payment_id: 'pay-1',
      payment_method: 'card',
    };
    spec.given(history.Payment_Pending).when(markPending).thenEvents([]);
    spec.given(history.Paid).when(success).thenEvents([]);
    spec
      .given([...history.Payment_Pending, cancelled])
      .when(success)
      .thenEvents([]);
    spec
      .given([...history.Payment_Pending, cancelled])
      .when(markPending)
      .thenEvents([]);
    spec
      .given([...history.Payment_Pending, cancelled])
      .when(cancel)
      .thenEvents([]);
    const refunded: OrderEvent = { type: 'OrderRefunded', data: { order_id, refund_amount: 31.75 } };
    spec
      .given([...history.Payment_Pending, cancelled, refunded])
      .when(success)
      .thenEvents([]);
    spec
      .given([...history.Payment_Pending, cancelled, refunded])
      .when({ type: 'RefundOrder', refund_amount: null })
      .thenEvents([]);
    const failed: OrderEvent = {
      type: 'OrderPaymentFailed',
      data: { order_id, payment_id: 'pay-1', reason: 'no' },
    };
    const failure: OrderCommand = { type: 'RecordPaymentFailure', payment_id: 'pay-1', reason: 'no' };
    const anonymousPending: OrderEvent = {
      type: 'OrderPaymentPending',
      data: { order_id, payment_id: null, payment_method: null },
    };
    spec
      .given([...history.Confirmed, anonymousPending])
      .when(markPending)
      .thenState((s) =>
        expect([s.status, s.payment_id, s.payment_method]).toEqual(['Payment_Pending', 'pay-1', 'card']),
      );
    spec
      .given([...history.Confirmed, anonymousPending])
      .when({ ...markPending, payment_id: null } as OrderCommand)
      .thenEvents([]);
    spec
      .given([...history.Payment_Pending, failed])
      .when(failure)
      .thenEvents([]);
    spec
      .given([...history.Payment_Pending, cancelled])
      .when(failure)
      .thenEvents([]);
  });

  it('refuses a refund above the total, unknown shipped items and commands on unknown orders', () => {
    spec
      .given(history.Returned)
      .when({ type: 'RefundOrder', refund_amount: 100 })
      .thenThrows(BusinessRuleError, /exceeds/);
    spec
      .given(history.Processing)
      .when({ ...ship, shipped_item_ids: ['zzz'] } as OrderCommand)
      .thenThrows(BusinessRuleError, /zzz/);
    spec.given([]).when({ type: 'ConfirmOrder' }).thenThrows(NotFoundError);
  });
});
