import { type FromSchema, requiredText as text } from '../../validation.ts';

const id = text(255);

export const addressSchema = {
  type: 'object',
  properties: {
    street: text(255),
    city: text(100),
    state: { type: ['string', 'null'], maxLength: 100 },
    postal_code: text(20),
    country: text(100),
  },
  required: ['street', 'city', 'postal_code', 'country'],
  additionalProperties: false,
} as const;

/** Amounts and quantities stay far inside safe numbers: totals never lose precision. */
const money = { type: 'number', minimum: 0, maximum: 1_000_000_000 } as const;

export const orderItemSchema = {
  type: 'object',
  properties: {
    product_id: id,
    variant_id: id,
    sku: text(100),
    title: text(255),
    quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    unit_price: money,
  },
  required: ['product_id', 'variant_id', 'sku', 'title', 'quantity', 'unit_price'],
  additionalProperties: false,
} as const;

const itemIds = { type: ['array', 'null'], items: id } as const;

/**
 * Request bodies of the ordering domain (API.md "Ordering"). Unknown fields are dropped, not
 * refused, as FastAPI does; defaults (`shipping_cost: 0`, `currency: "USD"`) are filled in.
 */
export const requestSchemas = {
  'POST /carts': {
    type: 'object',
    properties: {
      customer_id: { type: ['string', 'null'], maxLength: 255 },
      session_id: { type: ['string', 'null'], maxLength: 255 },
    },
    additionalProperties: false,
  },
  'POST /carts/{id}/items': {
    type: 'object',
    properties: {
      product_id: id,
      variant_id: id,
      quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    },
    required: ['product_id', 'variant_id', 'quantity'],
    additionalProperties: false,
  },
  // ShopStream's CheckoutRequest: `shipping` and `billing` (not POST /orders' `*_address`).
  'POST /carts/{id}/checkout': {
    type: 'object',
    properties: {
      shipping: addressSchema,
      billing: addressSchema,
      payment_method: { type: ['string', 'null'], maxLength: 50 },
    },
    required: ['shipping', 'billing'],
    additionalProperties: false,
  },
  'POST /orders': {
    type: 'object',
    properties: {
      customer_id: id,
      items: { type: 'array', items: orderItemSchema, minItems: 1, maxItems: 500 },
      shipping_address: addressSchema,
      billing_address: addressSchema,
      shipping_cost: { ...money, default: 0 },
      tax_total: { ...money, default: 0 },
      discount_total: { ...money, default: 0 },
      currency: { type: 'string', const: 'USD', default: 'USD' },
      payment_method: { type: ['string', 'null'], maxLength: 50 },
    },
    required: [
      'customer_id',
      'items',
      'shipping_address',
      'billing_address',
      'shipping_cost',
      'tax_total',
      'discount_total',
      'currency',
    ],
    additionalProperties: false,
  },
  'POST /orders/{id}/items': orderItemSchema,
  'PUT /orders/{id}/payment/pending': {
    type: 'object',
    properties: { payment_id: id, payment_method: text(50) },
    required: ['payment_id', 'payment_method'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/payment/success': {
    type: 'object',
    properties: { payment_id: id, amount: money, payment_method: text(50) },
    required: ['payment_id', 'amount', 'payment_method'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/payment/failure': {
    type: 'object',
    properties: { payment_id: id, reason: text(500) },
    required: ['payment_id', 'reason'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/ship': {
    type: 'object',
    properties: {
      shipment_id: id,
      carrier: text(100),
      tracking_number: text(100),
      shipped_item_ids: itemIds,
      estimated_delivery: { type: ['string', 'null'], maxLength: 40 },
    },
    required: ['shipment_id', 'carrier', 'tracking_number'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/return/request': {
    type: 'object',
    properties: { reason: text(500) },
    required: ['reason'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/return/record': {
    type: 'object',
    properties: { returned_item_ids: itemIds },
    additionalProperties: false,
  },
  'PUT /orders/{id}/cancel': {
    type: 'object',
    properties: { reason: text(500), cancelled_by: text(50) },
    required: ['reason', 'cancelled_by'],
    additionalProperties: false,
  },
  'PUT /orders/{id}/refund': {
    type: 'object',
    properties: { refund_amount: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1_000_000_000 } },
    additionalProperties: false,
  },
} as const;

type Schemas = typeof requestSchemas;
export type CreateCartBody = FromSchema<Schemas['POST /carts']>;
export type AddCartItemBody = FromSchema<Schemas['POST /carts/{id}/items']>;
export type CheckoutBody = FromSchema<Schemas['POST /carts/{id}/checkout']>;
export type CreateOrderBody = FromSchema<Schemas['POST /orders']>;
export type OrderItemBody = FromSchema<Schemas['POST /orders/{id}/items']>;
export type PaymentPendingBody = FromSchema<Schemas['PUT /orders/{id}/payment/pending']>;
export type PaymentSuccessBody = FromSchema<Schemas['PUT /orders/{id}/payment/success']>;
export type PaymentFailureBody = FromSchema<Schemas['PUT /orders/{id}/payment/failure']>;
export type ShipBody = FromSchema<Schemas['PUT /orders/{id}/ship']>;
export type ReturnRequestBody = FromSchema<Schemas['PUT /orders/{id}/return/request']>;
export type ReturnRecordBody = FromSchema<Schemas['PUT /orders/{id}/return/record']>;
export type CancelBody = FromSchema<Schemas['PUT /orders/{id}/cancel']>;
export type RefundBody = FromSchema<Schemas['PUT /orders/{id}/refund']>;
