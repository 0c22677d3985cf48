/** The ordering calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys-runner';
import type {
  AddCartItemBody,
  CancelBody,
  CheckoutBody,
  CreateCartBody,
  CreateOrderBody,
  OrderItemBody,
  PaymentPendingBody,
  PaymentSuccessBody,
  ReturnRequestBody,
  ShipBody,
} from '../../service/domains/ordering/schemas.ts';
import { call } from './call.ts';

/** What the journeys read from `GET /orders/{id}`. */
export interface OrderView {
  order_id: string;
  customer_id: string;
  status: string;
  items: (OrderItemBody & { item_id: string })[];
  subtotal: number;
  grand_total: number;
  payment_id: string | null;
  payment_status: string | null;
}

/** `POST /carts` → the new cart's id. */
export async function createCart(client: HttpClient, body: CreateCartBody): Promise<string> {
  const res = await call(client, 'POST /carts', { json: body, expect: [201] });
  return res.json.cart_id;
}

export function addCartItem(client: HttpClient, cartId: string, body: AddCartItemBody) {
  return call(client, 'POST /carts/{id}/items', { params: { id: cartId }, json: body, expect: [200] });
}

export function abandonCart(client: HttpClient, cartId: string) {
  return call(client, 'PUT /carts/{id}/abandon', { params: { id: cartId }, expect: [200] });
}

/** `POST /carts/{id}/checkout` → the order the cart became. */
export async function checkoutCart(client: HttpClient, cartId: string, body: CheckoutBody): Promise<string> {
  const res = await call(client, 'POST /carts/{id}/checkout', {
    params: { id: cartId },
    json: body,
    expect: [201],
  });
  return res.json.order_id;
}

/** `POST /orders` → the new (Created) order's id. */
export async function createOrder(client: HttpClient, body: CreateOrderBody): Promise<string> {
  const res = await call(client, 'POST /orders', { json: body, expect: [201] });
  return res.json.order_id;
}

export function addOrderItem(client: HttpClient, orderId: string, body: OrderItemBody) {
  return call(client, 'POST /orders/{id}/items', { params: { id: orderId }, json: body, expect: [200] });
}

export async function getOrder(client: HttpClient, orderId: string): Promise<OrderView> {
  const res = await call(client, 'GET /orders/{id}', { params: { id: orderId }, expect: [200] });
  return res.json;
}

/** The order commands without a body: `PUT /orders/{id}/<step>`. */
export type OrderStep = 'confirm' | 'processing' | 'deliver' | 'complete' | 'return/approve';

export function moveOrder(client: HttpClient, orderId: string, step: OrderStep) {
  return call(client, `PUT /orders/{id}/${step}`, { params: { id: orderId }, expect: [200] });
}

export function markPaymentPending(client: HttpClient, orderId: string, body: PaymentPendingBody) {
  return call(client, 'PUT /orders/{id}/payment/pending', {
    params: { id: orderId },
    json: body,
    expect: [200],
  });
}

export function recordPaymentSuccess(client: HttpClient, orderId: string, body: PaymentSuccessBody) {
  return call(client, 'PUT /orders/{id}/payment/success', {
    params: { id: orderId },
    json: body,
    expect: [200],
  });
}

export function shipOrder(client: HttpClient, orderId: string, body: ShipBody) {
  return call(client, 'PUT /orders/{id}/ship', { params: { id: orderId }, json: body, expect: [200] });
}

export function requestReturn(client: HttpClient, orderId: string, body: ReturnRequestBody) {
  return call(client, 'PUT /orders/{id}/return/request', {
    params: { id: orderId },
    json: body,
    expect: [200],
  });
}

/** `PUT /orders/{id}/return/record`: every line back (`returned_item_ids` null). */
export function recordReturn(client: HttpClient, orderId: string) {
  return call(client, 'PUT /orders/{id}/return/record', {
    params: { id: orderId },
    json: { returned_item_ids: null },
    expect: [200],
  });
}

export function cancelOrder(client: HttpClient, orderId: string, body: CancelBody) {
  return call(client, 'PUT /orders/{id}/cancel', { params: { id: orderId }, json: body, expect: [200] });
}

/** `PUT /orders/{id}/refund` of the whole grand total (`refund_amount` null). */
export function refundOrder(client: HttpClient, orderId: string) {
  return call(client, 'PUT /orders/{id}/refund', {
    params: { id: orderId },
    json: { refund_amount: null },
    expect: [200],
  });
}

/** One row of `GET /orders` (our extension): an order's summary. */
export type OrderSummary = Pick<
  OrderView,
  'order_id' | 'customer_id' | 'status' | 'payment_id' | 'payment_status'
>;

/** Every order of a customer, through all pages of `GET /orders?customer_id=…` (our extension). */
export async function listOrders(client: HttpClient, customerId: string): Promise<OrderSummary[]> {
  const orders: OrderSummary[] = [];
  for (let page = 1; ; page++) {
    const res = await call(client, 'GET /orders', {
      query: { customer_id: customerId, page, page_size: 100 },
      expect: [200],
    });
    orders.push(...res.json.items);
    if (!res.json.has_next) return orders;
  }
}
