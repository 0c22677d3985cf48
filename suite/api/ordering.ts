/** The ordering calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys';
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
  const res = await client.post('/carts', { json: body, name: 'POST /carts', expect: [201] });
  return res.json.cart_id;
}

export function addCartItem(client: HttpClient, cartId: string, body: AddCartItemBody) {
  return client.post(`/carts/${cartId}/items`, { json: body, name: 'POST /carts/{id}/items', expect: [200] });
}

export function abandonCart(client: HttpClient, cartId: string) {
  return client.put(`/carts/${cartId}/abandon`, { name: 'PUT /carts/{id}/abandon', expect: [200] });
}

/** `POST /carts/{id}/checkout` → the order the cart became. */
export async function checkoutCart(client: HttpClient, cartId: string, body: CheckoutBody): Promise<string> {
  const res = await client.post(`/carts/${cartId}/checkout`, {
    json: body,
    name: 'POST /carts/{id}/checkout',
    expect: [201],
  });
  return res.json.order_id;
}

/** `POST /orders` → the new (Created) order's id. */
export async function createOrder(client: HttpClient, body: CreateOrderBody): Promise<string> {
  const res = await client.post('/orders', { json: body, name: 'POST /orders', expect: [201] });
  return res.json.order_id;
}

export function addOrderItem(client: HttpClient, orderId: string, body: OrderItemBody) {
  return client.post(`/orders/${orderId}/items`, {
    json: body,
    name: 'POST /orders/{id}/items',
    expect: [200],
  });
}

export async function getOrder(client: HttpClient, orderId: string): Promise<OrderView> {
  const res = await client.get(`/orders/${orderId}`, { name: 'GET /orders/{id}', expect: [200] });
  return res.json;
}

/** The order commands without a body: `PUT /orders/{id}/<step>`. */
export type OrderStep = 'confirm' | 'processing' | 'deliver' | 'complete' | 'return/approve';

export function moveOrder(client: HttpClient, orderId: string, step: OrderStep) {
  return client.put(`/orders/${orderId}/${step}`, { name: `PUT /orders/{id}/${step}`, expect: [200] });
}

export function markPaymentPending(client: HttpClient, orderId: string, body: PaymentPendingBody) {
  return client.put(`/orders/${orderId}/payment/pending`, {
    json: body,
    name: 'PUT /orders/{id}/payment/pending',
    expect: [200],
  });
}

export function recordPaymentSuccess(client: HttpClient, orderId: string, body: PaymentSuccessBody) {
  return client.put(`/orders/${orderId}/payment/success`, {
    json: body,
    name: 'PUT /orders/{id}/payment/success',
    expect: [200],
  });
}

export function shipOrder(client: HttpClient, orderId: string, body: ShipBody) {
  return client.put(`/orders/${orderId}/ship`, { json: body, name: 'PUT /orders/{id}/ship', expect: [200] });
}

export function requestReturn(client: HttpClient, orderId: string, body: ReturnRequestBody) {
  return client.put(`/orders/${orderId}/return/request`, {
    json: body,
    name: 'PUT /orders/{id}/return/request',
    expect: [200],
  });
}

/** `PUT /orders/{id}/return/record`: every line back (`returned_item_ids` null). */
export function recordReturn(client: HttpClient, orderId: string) {
  return client.put(`/orders/${orderId}/return/record`, {
    json: { returned_item_ids: null },
    name: 'PUT /orders/{id}/return/record',
    expect: [200],
  });
}

export function cancelOrder(client: HttpClient, orderId: string, body: CancelBody) {
  return client.put(`/orders/${orderId}/cancel`, {
    json: body,
    name: 'PUT /orders/{id}/cancel',
    expect: [200],
  });
}

/** `PUT /orders/{id}/refund` of the whole grand total (`refund_amount` null). */
export function refundOrder(client: HttpClient, orderId: string) {
  return client.put(`/orders/${orderId}/refund`, {
    json: { refund_amount: null },
    name: 'PUT /orders/{id}/refund',
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
    const res = await client.get('/orders', {
      query: { customer_id: customerId, page, page_size: 100 },
      name: 'GET /orders',
      expect: [200],
    });
    orders.push(...res.json.items);
    if (!res.json.has_next) return orders;
  }
}
