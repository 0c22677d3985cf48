import type { DomainEvent } from '../decider.ts';

/** The order statuses of API.md, in lifecycle order. */
export const ORDER_STATUSES = [
  'Created',
  'Confirmed',
  'Payment_Pending',
  'Paid',
  'Processing',
  'Partially_Shipped',
  'Shipped',
  'Delivered',
  'Completed',
  'Return_Requested',
  'Return_Approved',
  'Returned',
  'Cancelled',
  'Refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type Address = {
  street: string;
  city: string;
  state?: string | null;
  postal_code: string;
  country: string;
};

/** An order line as the client sends it (API.md `OrderItem`). */
export type OrderItem = {
  product_id: string;
  variant_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
};

/** An order line as stored: the server gives every line an id (shipments and returns name lines by it). */
export type OrderLine = OrderItem & { item_id: string };

export type OrderCreated = DomainEvent<
  'OrderCreated',
  {
    order_id: string;
    customer_id: string;
    cart_id: string | null;
    items: OrderLine[];
    shipping_address: Address;
    billing_address: Address;
    shipping_cost: number;
    tax_total: number;
    discount_total: number;
    currency: string;
    payment_method: string | null;
  }
>;
export type OrderItemAdded = DomainEvent<'OrderItemAdded', { item: OrderLine }>;
export type OrderConfirmed = DomainEvent<'OrderConfirmed', { order_id: string }>;
export type OrderPaymentPending = DomainEvent<
  'OrderPaymentPending',
  { order_id: string; payment_id: string | null; payment_method: string | null }
>;
export type OrderPaymentSucceeded = DomainEvent<
  'OrderPaymentSucceeded',
  { order_id: string; payment_id: string; amount: number; payment_method: string | null }
>;
export type OrderPaymentFailed = DomainEvent<
  'OrderPaymentFailed',
  { order_id: string; payment_id: string; reason: string }
>;
export type OrderProcessingStarted = DomainEvent<'OrderProcessingStarted', { order_id: string }>;
export type OrderShipped = DomainEvent<
  'OrderShipped' | 'OrderPartiallyShipped',
  {
    order_id: string;
    shipment_id: string;
    carrier: string;
    tracking_number: string;
    shipped_item_ids: string[];
    estimated_delivery: string | null;
  }
>;
export type OrderDelivered = DomainEvent<'OrderDelivered', { order_id: string }>;
export type OrderCompleted = DomainEvent<'OrderCompleted', { order_id: string }>;
export type OrderReturnRequested = DomainEvent<'OrderReturnRequested', { order_id: string; reason: string }>;
export type OrderReturnApproved = DomainEvent<'OrderReturnApproved', { order_id: string }>;
export type OrderReturned = DomainEvent<'OrderReturned', { order_id: string; returned_item_ids: string[] }>;
export type OrderCancelled = DomainEvent<
  'OrderCancelled',
  {
    order_id: string;
    reason: string;
    cancelled_by: string;
    previous_status: OrderStatus;
    payment_captured: boolean;
  }
>;
export type OrderRefunded = DomainEvent<'OrderRefunded', { order_id: string; refund_amount: number }>;

export type OrderEvent =
  | OrderCreated
  | OrderItemAdded
  | OrderConfirmed
  | OrderPaymentPending
  | OrderPaymentSucceeded
  | OrderPaymentFailed
  | OrderProcessingStarted
  | OrderShipped
  | OrderDelivered
  | OrderCompleted
  | OrderReturnRequested
  | OrderReturnApproved
  | OrderReturned
  | OrderCancelled
  | OrderRefunded;

export type OrderCommand =
  | ({ type: 'CreateOrder' } & Omit<OrderCreated['data'], 'items'> & { items: OrderLine[] })
  | { type: 'AddOrderItem'; item: OrderLine }
  | { type: 'ConfirmOrder' }
  | { type: 'MarkPaymentPending'; payment_id: string | null; payment_method: string | null }
  | { type: 'RecordPaymentSuccess'; payment_id: string; amount: number; payment_method: string | null }
  | { type: 'RecordPaymentFailure'; payment_id: string; reason: string }
  | { type: 'StartProcessing' }
  | {
      type: 'ShipOrder';
      shipment_id: string;
      carrier: string;
      tracking_number: string;
      shipped_item_ids: string[] | null;
      estimated_delivery: string | null;
    }
  | { type: 'DeliverOrder' }
  | { type: 'CompleteOrder' }
  | { type: 'RequestReturn'; reason: string }
  | { type: 'ApproveReturn' }
  | { type: 'RecordReturn'; returned_item_ids: string[] | null }
  | { type: 'CancelOrder'; reason: string; cancelled_by: string }
  | { type: 'RefundOrder'; refund_amount: number | null };

/** Event types a reader of the order log may want to subscribe to. */
export const ORDER_EVENT_TYPES: readonly OrderEvent['type'][] = [
  'OrderCreated',
  'OrderItemAdded',
  'OrderConfirmed',
  'OrderPaymentPending',
  'OrderPaymentSucceeded',
  'OrderPaymentFailed',
  'OrderProcessingStarted',
  'OrderShipped',
  'OrderPartiallyShipped',
  'OrderDelivered',
  'OrderCompleted',
  'OrderReturnRequested',
  'OrderReturnApproved',
  'OrderReturned',
  'OrderCancelled',
  'OrderRefunded',
];
