import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider } from '../decider.ts';
import type { OrderCommand, OrderEvent, OrderLine, OrderStatus } from './order-events.ts';
import {
  assertTransition,
  evolveOrder,
  initialOrderState,
  type OrderState,
  roundMoney,
  subtotalOf,
} from './order-state.ts';

/** Statuses in which payment callbacks are acknowledged but change nothing (API.md). */
const PAYMENT_IGNORED: readonly OrderStatus[] = ['Cancelled', 'Refunded'];
const SHIPPABLE: readonly OrderStatus[] = ['Paid', 'Processing', 'Partially_Shipped'];

function grandTotalOf(
  items: readonly OrderLine[],
  s: { shipping_cost: number; tax_total: number; discount_total: number },
) {
  return roundMoney(subtotalOf(items) + s.shipping_cost + s.tax_total - s.discount_total);
}

/** Item ids named by a shipment or return, resolved against the order's lines (by item id or product id). */
function resolveItemIds(items: readonly OrderLine[], ids: readonly string[], field: string): string[] {
  const resolved = new Set<string>();
  for (const id of ids) {
    const line = items.find((item) => item.item_id === id) ?? items.find((item) => item.product_id === id);
    if (!line) throw new BusinessRuleError(`Unknown order item: ${id}`, field);
    resolved.add(line.item_id);
  }
  return [...resolved];
}

function decideShipment(
  command: Extract<OrderCommand, { type: 'ShipOrder' }>,
  state: OrderState,
  status: OrderStatus,
): OrderEvent[] {
  const all = state.items.map((item) => item.item_id);
  const named =
    command.shipped_item_ids === null
      ? all
      : resolveItemIds(state.items, command.shipped_item_ids, 'shipped_item_ids');
  const shipped = [...new Set([...state.shipped_item_ids, ...named])];
  const complete = all.every((id) => shipped.includes(id));
  if (!SHIPPABLE.includes(status)) throw illegalTransition(status, 'Shipped');
  // Paid may only ship everything; a further partial shipment keeps an order Partially_Shipped.
  if (status === 'Paid' && !complete) throw illegalTransition(status, 'Partially_Shipped');
  const { shipment_id, carrier, tracking_number, estimated_delivery } = command;
  return [
    {
      type: complete ? 'OrderShipped' : 'OrderPartiallyShipped',
      data: {
        order_id: state.order_id!,
        shipment_id,
        carrier,
        tracking_number,
        shipped_item_ids: shipped,
        estimated_delivery,
      },
    },
  ];
}

function decideExisting(
  command: Exclude<OrderCommand, { type: 'CreateOrder' }>,
  state: OrderState,
): OrderEvent[] {
  const status = state.status!;
  const order_id = state.order_id!;
  switch (command.type) {
    case 'AddOrderItem': {
      if (status !== 'Created')
        throw new BusinessRuleError(`Cannot add items to an order in status ${status}`, 'status');
      return [{ type: 'OrderItemAdded', data: { item: command.item } }];
    }
    case 'ConfirmOrder':
      assertTransition(status, 'Confirmed');
      return [{ type: 'OrderConfirmed', data: { order_id } }];
    case 'MarkPaymentPending': {
      // Already pending: a no-op, unless it names the payment the order was still waiting to learn
      // (the saga moves an order to Payment_Pending before the client has created its payment).
      const learnsPayment = state.payment_id === null && command.payment_id !== null;
      if ((status === 'Payment_Pending' && !learnsPayment) || PAYMENT_IGNORED.includes(status)) return [];
      if (status !== 'Payment_Pending') assertTransition(status, 'Payment_Pending');
      return [
        {
          type: 'OrderPaymentPending',
          data: { order_id, payment_id: command.payment_id, payment_method: command.payment_method },
        },
      ];
    }
    case 'RecordPaymentSuccess': {
      if (status === 'Paid' || PAYMENT_IGNORED.includes(status)) return [];
      assertTransition(status, 'Paid');
      const { payment_id, amount, payment_method } = command;
      return [{ type: 'OrderPaymentSucceeded', data: { order_id, payment_id, amount, payment_method } }];
    }
    case 'RecordPaymentFailure':
      // A failure reported twice (by the webhook-driven saga and by the client) is recorded once:
      // an order back in Confirmed with a failed payment already awaits the retry. Like the other
      // payment callbacks, a late failure of a cancelled or refunded order changes nothing.
      if (status === 'Confirmed' && state.payment_status === 'Failed') return [];
      if (PAYMENT_IGNORED.includes(status)) return [];
      if (status !== 'Payment_Pending') assertTransition(status, 'Confirmed');
      return [
        {
          type: 'OrderPaymentFailed',
          data: { order_id, payment_id: command.payment_id, reason: command.reason },
        },
      ];
    case 'StartProcessing':
      assertTransition(status, 'Processing');
      return [{ type: 'OrderProcessingStarted', data: { order_id } }];
    case 'ShipOrder':
      return decideShipment(command, state, status);
    case 'DeliverOrder':
      assertTransition(status, 'Delivered');
      return [{ type: 'OrderDelivered', data: { order_id } }];
    case 'CompleteOrder':
      assertTransition(status, 'Completed');
      return [{ type: 'OrderCompleted', data: { order_id } }];
    case 'RequestReturn':
      assertTransition(status, 'Return_Requested');
      return [{ type: 'OrderReturnRequested', data: { order_id, reason: command.reason } }];
    case 'ApproveReturn':
      assertTransition(status, 'Return_Approved');
      return [{ type: 'OrderReturnApproved', data: { order_id } }];
    case 'RecordReturn': {
      assertTransition(status, 'Returned');
      const ids = command.returned_item_ids;
      const returned =
        ids === null
          ? state.items.map((i) => i.item_id)
          : resolveItemIds(state.items, ids, 'returned_item_ids');
      return [{ type: 'OrderReturned', data: { order_id, returned_item_ids: returned } }];
    }
    case 'CancelOrder': {
      if (status === 'Cancelled') return [];
      assertTransition(status, 'Cancelled');
      const { reason, cancelled_by } = command;
      const payment_captured = state.payment_status === 'Succeeded';
      return [
        {
          type: 'OrderCancelled',
          data: { order_id, reason, cancelled_by, previous_status: status, payment_captured },
        },
      ];
    }
    case 'RefundOrder': {
      if (status === 'Refunded') return [];
      assertTransition(status, 'Refunded');
      const refund_amount = command.refund_amount ?? state.grand_total;
      if (refund_amount > state.grand_total) {
        throw new BusinessRuleError(
          `Refund amount ${refund_amount} exceeds order total ${state.grand_total}`,
          'refund_amount',
        );
      }
      return [{ type: 'OrderRefunded', data: { order_id, refund_amount } }];
    }
  }
}

/**
 * The order aggregate: API.md's state machine, idempotent payment callbacks, cancel and
 * refund, totals computed from the lines. Items can only be added while Created, so an
 * add racing a confirm either lands before it or is refused (the append is version-checked).
 *
 * @example
 * const { events } = await handleCommand(ctx, orderDecider, `Order-${id}`, { type: 'ConfirmOrder' });
 */
export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: initialOrderState,
  evolve: evolveOrder,
  decide(command, state) {
    if (command.type === 'CreateOrder') {
      if (state.status !== null)
        throw new BusinessRuleError(`Order ${command.order_id} already exists`, 'order_id');
      if (grandTotalOf(command.items, command) < 0) {
        throw new BusinessRuleError('Discount exceeds the order total', 'discount_total');
      }
      const { type: _type, ...data } = command;
      return [{ type: 'OrderCreated', data }];
    }
    if (state.status === null) throw new NotFoundError('Order not found');
    return decideExisting(command, state);
  },
};
