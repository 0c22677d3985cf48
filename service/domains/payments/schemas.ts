import { type FromSchema, requiredText as text } from '../../validation.ts';

const usd = { type: 'string', pattern: '^[A-Z]{3}$', default: 'USD' } as const;

/**
 * Request bodies of the payments domain (API.md "Payments"); unknown fields are dropped.
 * Webhook bodies are validated only after the signature header passed.
 */
export const requestSchemas = {
  'POST /payments': {
    type: 'object',
    properties: {
      order_id: text(100),
      customer_id: text(100),
      amount: { type: 'number', exclusiveMinimum: 0, maximum: 1e12 },
      currency: usd,
      payment_method_type: text(50),
      last4: { type: 'string', maxLength: 4 },
      idempotency_key: text(255),
    },
    required: ['order_id', 'customer_id', 'amount', 'payment_method_type', 'idempotency_key'],
    additionalProperties: false,
  },
  'POST /payments/webhook': {
    type: 'object',
    properties: {
      payment_id: text(100),
      gateway_transaction_id: { type: 'string', maxLength: 255 },
      gateway_status: text(50),
      failure_reason: { type: 'string', maxLength: 500 },
    },
    required: ['payment_id', 'gateway_status'],
    additionalProperties: false,
  },
  'POST /payments/{id}/refund': {
    type: 'object',
    properties: {
      amount: { type: 'number', exclusiveMinimum: 0, maximum: 1e12 },
      reason: text(500),
    },
    required: ['amount', 'reason'],
    additionalProperties: false,
  },
  'POST /payments/refund/webhook': {
    type: 'object',
    properties: {
      payment_id: text(100),
      refund_id: text(100),
      gateway_refund_id: text(255),
    },
    required: ['payment_id', 'refund_id', 'gateway_refund_id'],
    additionalProperties: false,
  },
  'POST /invoices': {
    type: 'object',
    properties: {
      order_id: text(100),
      customer_id: text(100),
      line_items: {
        type: 'array',
        minItems: 1,
        maxItems: 500,
        items: {
          type: 'object',
          properties: {
            description: text(500),
            quantity: { type: 'number', minimum: 0, maximum: 1e9 },
            unit_price: { type: 'number', minimum: 0, maximum: 1e12 },
          },
          required: ['description', 'quantity', 'unit_price'],
          additionalProperties: false,
        },
      },
      tax: { type: 'number', minimum: 0, maximum: 1e12, default: 0 },
    },
    required: ['order_id', 'customer_id', 'line_items'],
    additionalProperties: false,
  },
  'PUT /invoices/{id}/void': {
    type: 'object',
    properties: { reason: text(500) },
    required: ['reason'],
    additionalProperties: false,
  },
} as const;

export type InitiatePaymentBody = FromSchema<(typeof requestSchemas)['POST /payments']>;
export type PaymentWebhookBody = FromSchema<(typeof requestSchemas)['POST /payments/webhook']>;
export type RefundBody = FromSchema<(typeof requestSchemas)['POST /payments/{id}/refund']>;
export type RefundWebhookBody = FromSchema<(typeof requestSchemas)['POST /payments/refund/webhook']>;
export type GenerateInvoiceBody = FromSchema<(typeof requestSchemas)['POST /invoices']>;
export type VoidInvoiceBody = FromSchema<(typeof requestSchemas)['PUT /invoices/{id}/void']>;
