import { type FromSchema, requiredText as text } from '../../validation.ts';
import { addressSchema } from '../ordering/schemas.ts';

const id = text(255);
/** Quantities stay far inside safe integers: sums of them never lose precision. */
const MAX_QUANTITY = 1_000_000_000;
const count = (minimum: number) => ({ type: 'integer', minimum, maximum: MAX_QUANTITY }) as const;

/**
 * Request bodies of the inventory domain (API.md "Inventory"). Unknown fields are dropped,
 * not refused, as FastAPI does; documented defaults are filled in.
 */
export const requestSchemas = {
  'POST /warehouses': {
    type: 'object',
    properties: { name: text(255), address: addressSchema, capacity: count(0) },
    required: ['name', 'address', 'capacity'],
    additionalProperties: false,
  },
  'PUT /warehouses/{id}': {
    type: 'object',
    properties: { name: text(255), capacity: count(0) },
    additionalProperties: false,
  },
  'POST /warehouses/{id}/zones': {
    type: 'object',
    properties: { zone_name: text(100), zone_type: { type: 'string', enum: ['Regular', 'Cold', 'Hazmat'] } },
    required: ['zone_name', 'zone_type'],
    additionalProperties: false,
  },
  'POST /inventory': {
    type: 'object',
    properties: {
      product_id: id,
      variant_id: id,
      warehouse_id: id,
      sku: text(50),
      initial_quantity: count(0),
      reorder_point: { ...count(0), default: 10 },
      reorder_quantity: { ...count(0), default: 50 },
    },
    required: [
      'product_id',
      'variant_id',
      'warehouse_id',
      'sku',
      'initial_quantity',
      'reorder_point',
      'reorder_quantity',
    ],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/receive': {
    type: 'object',
    properties: { quantity: count(1), reference: { type: ['string', 'null'], maxLength: 255 } },
    required: ['quantity'],
    additionalProperties: false,
  },
  'POST /inventory/{id}/reserve': {
    type: 'object',
    properties: {
      order_id: id,
      quantity: count(1),
      expires_in_minutes: { type: 'integer', minimum: 1, maximum: 525_600, default: 15 },
    },
    required: ['order_id', 'quantity', 'expires_in_minutes'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/adjust': {
    type: 'object',
    properties: {
      quantity_change: { type: 'integer', minimum: -MAX_QUANTITY, maximum: MAX_QUANTITY },
      adjustment_type: text(50),
      reason: text(500),
      adjusted_by: text(100),
    },
    required: ['quantity_change', 'adjustment_type', 'reason', 'adjusted_by'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/stock-check': {
    type: 'object',
    properties: { counted_quantity: count(0), checked_by: text(100) },
    required: ['counted_quantity', 'checked_by'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/damage': {
    type: 'object',
    properties: { quantity: count(1), reason: text(500) },
    required: ['quantity', 'reason'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/damage/write-off': {
    type: 'object',
    properties: { quantity: count(1), approved_by: text(100) },
    required: ['quantity', 'approved_by'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/return': {
    type: 'object',
    properties: { quantity: count(1), order_id: id },
    required: ['quantity', 'order_id'],
    additionalProperties: false,
  },
  'PUT /inventory/{id}/reservations/{rid}/release': {
    type: 'object',
    properties: { reason: text(500) },
    required: ['reason'],
    additionalProperties: false,
  },
  'POST /inventory/maintenance/expire-reservations': {
    type: 'object',
    properties: { older_than_minutes: { type: 'integer', minimum: 0, maximum: 5_256_000, default: 15 } },
    required: ['older_than_minutes'],
    additionalProperties: false,
  },
} as const;

type Schemas = typeof requestSchemas;
export type CreateWarehouseBody = FromSchema<Schemas['POST /warehouses']>;
export type UpdateWarehouseBody = FromSchema<Schemas['PUT /warehouses/{id}']>;
export type AddZoneBody = FromSchema<Schemas['POST /warehouses/{id}/zones']>;
export type CreateStockItemBody = FromSchema<Schemas['POST /inventory']>;
export type ReceiveBody = FromSchema<Schemas['PUT /inventory/{id}/receive']>;
export type ReserveBody = FromSchema<Schemas['POST /inventory/{id}/reserve']>;
export type AdjustBody = FromSchema<Schemas['PUT /inventory/{id}/adjust']>;
export type StockCheckBody = FromSchema<Schemas['PUT /inventory/{id}/stock-check']>;
export type DamageBody = FromSchema<Schemas['PUT /inventory/{id}/damage']>;
export type WriteOffBody = FromSchema<Schemas['PUT /inventory/{id}/damage/write-off']>;
export type ReturnStockBody = FromSchema<Schemas['PUT /inventory/{id}/return']>;
export type ReleaseBody = FromSchema<Schemas['PUT /inventory/{id}/reservations/{rid}/release']>;
export type ExpireBody = FromSchema<Schemas['POST /inventory/maintenance/expire-reservations']>;
