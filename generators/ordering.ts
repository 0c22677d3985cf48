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
} from '../service/domains/ordering/schemas.ts';
import { price, sku } from './catalogue.ts';
import { cents, type DataSource } from './faker.ts';
import { address } from './identity.ts';

/** What an order or cart needs to know about a sellable variant (`variant_id` is the variant's SKU). */
export type SellableVariant = Omit<OrderItemBody, 'quantity'>;

export const PAYMENT_METHODS = ['credit_card', 'debit_card', 'paypal', 'apple_pay', 'google_pay'] as const;

/** A variant that exists only in this payload (the API does not check ids across domains). */
export function sellableVariant(data: DataSource): SellableVariant {
  const { faker } = data;
  return {
    product_id: faker.string.uuid(),
    variant_id: sku(data, 'VAR'),
    sku: sku(data),
    title: faker.commerce.productName(),
    unit_price: price(data),
  };
}

/** `count` different variants: from `catalogue` as far as it goes, made up beyond. */
export function distinctVariants(
  data: DataSource,
  catalogue: readonly SellableVariant[],
  count: number,
): SellableVariant[] {
  const known = data.faker.helpers.arrayElements(catalogue, Math.min(count, catalogue.length));
  return [...known, ...Array.from({ length: count - known.length }, () => sellableVariant(data))];
}

/** An order line of 1–3 units of `variant` (or of a made-up variant). */
export function orderItem(data: DataSource, variant: SellableVariant = sellableVariant(data)): OrderItemBody {
  return { ...variant, quantity: data.faker.number.int({ min: 1, max: 3 }) };
}

/** 1–`max` order lines of different variants, drawn from `catalogue` first. */
export function orderItems(
  data: DataSource,
  catalogue: readonly SellableVariant[] = [],
  max = 3,
): OrderItemBody[] {
  const lines = data.faker.number.int({ min: 1, max });
  return distinctVariants(data, catalogue, lines).map((variant) => orderItem(data, variant));
}

/** Σ quantity × unit price, in cents-exact dollars. */
export function subtotal(items: readonly Pick<OrderItemBody, 'quantity' | 'unit_price'>[]): number {
  return cents(items.reduce((sum, item) => sum + item.quantity * item.unit_price, 0));
}

/** The grand total the service must compute for an order body. */
export function grandTotal(order: CreateOrderBody): number {
  return cents(subtotal(order.items) + order.shipping_cost + order.tax_total - order.discount_total);
}

/**
 * A new order for `customerId` with computed-total-friendly lines (shipping, tax and
 * discount at 0, as ShopStream's clients send them).
 * @example const order = newOrder(data, customerId, user.catalogue);
 */
export function newOrder(
  data: DataSource,
  customerId: string,
  catalogue: readonly SellableVariant[] = [],
): CreateOrderBody {
  const shipping = address(data);
  return {
    customer_id: customerId,
    items: orderItems(data, catalogue),
    shipping_address: shipping,
    billing_address: data.faker.datatype.boolean({ probability: 0.8 }) ? shipping : address(data),
    shipping_cost: 0,
    tax_total: 0,
    discount_total: 0,
    currency: 'USD',
  };
}

/** Body of `POST /carts`: a customer's cart, or a guest session's. */
export function newCart({ faker }: DataSource, customerId?: string): CreateCartBody {
  return customerId ? { customer_id: customerId } : { session_id: `sess-${faker.string.uuid()}` };
}

/** A cart line of 1–3 units. */
export function cartItem(
  data: DataSource,
  variant: SellableVariant = sellableVariant(data),
): AddCartItemBody {
  return {
    product_id: variant.product_id,
    variant_id: variant.variant_id,
    quantity: data.faker.number.int({ min: 1, max: 3 }),
  };
}

/** Body of `POST /carts/{id}/checkout`, in ShopStream's names (`shipping`, `billing`). */
export function checkout(data: DataSource): CheckoutBody {
  const shipping = address(data);
  return { shipping, billing: shipping, payment_method: paymentMethod(data) };
}

export function paymentMethod({ faker }: DataSource): string {
  return faker.helpers.arrayElement(PAYMENT_METHODS);
}

/** Body of `PUT /orders/{id}/ship`, shipping every line unless `itemIds` names some. */
export function shipment({ faker }: DataSource, itemIds?: string[]): ShipBody {
  const body: ShipBody = {
    shipment_id: faker.string.uuid(),
    carrier: faker.helpers.arrayElement(['UPS', 'FedEx', 'USPS', 'DHL']),
    tracking_number: faker.string.alphanumeric({ length: 18, casing: 'upper' }),
    estimated_delivery: faker.date.soon({ days: 7 }).toISOString(),
  };
  if (itemIds) body.shipped_item_ids = itemIds;
  return body;
}

/** Body of `PUT /orders/{id}/payment/pending`. */
export function paymentPending(data: DataSource, paymentId: string): PaymentPendingBody {
  return { payment_id: paymentId, payment_method: paymentMethod(data) };
}

/** Body of `PUT /orders/{id}/payment/success`. */
export function paymentSucceeded(data: DataSource, paymentId: string, amount: number): PaymentSuccessBody {
  return { payment_id: paymentId, amount, payment_method: paymentMethod(data) };
}

/** Body of `PUT /orders/{id}/cancel`. */
export function cancellation({ faker }: DataSource): CancelBody {
  return {
    reason: faker.helpers.arrayElement([
      'Changed my mind',
      'Found a better price',
      'Ordered by mistake',
      'Too slow',
    ]),
    cancelled_by: faker.helpers.arrayElement(['customer', 'support', 'system']),
  };
}

/** Body of `PUT /orders/{id}/return/request`. */
export function returnRequest({ faker }: DataSource): ReturnRequestBody {
  return {
    reason: faker.helpers.arrayElement([
      'Wrong size',
      'Damaged in transit',
      'Not as described',
      'No longer needed',
    ]),
  };
}
