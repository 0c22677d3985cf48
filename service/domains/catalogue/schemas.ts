import { type FromSchema, requiredText as text } from '../../validation.ts';

/** 3–50 letters or digits, groups joined by single hyphens (`PROD-A1B2C3D4`). */
const sku = {
  type: 'string',
  minLength: 3,
  maxLength: 50,
  pattern: '^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$',
} as const;
const attributes = { type: 'object', maxProperties: 100 } as const;
const measure = { type: 'number', minimum: 0 } as const;

/** Request bodies of the catalogue domain (API.md "Catalogue"); unknown fields are dropped. */
export const requestSchemas = {
  'POST /products': {
    type: 'object',
    properties: {
      sku,
      seller_id: text(100),
      title: text(255),
      description: { type: 'string', maxLength: 10_000 },
      category_id: text(100),
      brand: text(100),
      attributes,
      visibility: { type: 'string', enum: ['Public', 'Unlisted', 'Tier_Restricted'], default: 'Public' },
      meta_title: { type: 'string', maxLength: 70 },
      meta_description: { type: 'string', maxLength: 160 },
      slug: { type: 'string', maxLength: 255, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' },
    },
    required: ['sku', 'title'],
    additionalProperties: false,
  },
  'POST /products/{id}/variants': {
    type: 'object',
    properties: {
      variant_sku: sku,
      attributes,
      base_price: { type: 'number', minimum: 0 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$', default: 'USD' },
      weight_value: measure,
      weight_unit: { type: 'string', enum: ['kg', 'lb', 'g', 'oz'] },
      length: measure,
      width: measure,
      height: measure,
      dimension_unit: { type: 'string', enum: ['cm', 'in'] },
    },
    required: ['variant_sku', 'base_price'],
    additionalProperties: false,
  },
  'POST /products/{id}/images': {
    type: 'object',
    properties: {
      url: text(500),
      alt_text: { type: 'string', maxLength: 255 },
      is_primary: { type: 'boolean', default: false },
    },
    required: ['url'],
    additionalProperties: false,
  },
  'POST /categories': {
    type: 'object',
    properties: {
      name: text(100),
      parent_category_id: { anyOf: [text(100), { type: 'null' }] },
      attributes,
    },
    required: ['name'],
    additionalProperties: false,
  },
  'PUT /categories/{id}': {
    type: 'object',
    properties: { name: text(100), attributes },
    additionalProperties: false,
  },
  'PUT /categories/{id}/reorder': {
    type: 'object',
    properties: { new_display_order: { type: 'integer', minimum: 0, maximum: 1_000_000 } },
    required: ['new_display_order'],
    additionalProperties: false,
  },
} as const;

export type CreateProductBody = FromSchema<(typeof requestSchemas)['POST /products']>;
export type AddVariantBody = FromSchema<(typeof requestSchemas)['POST /products/{id}/variants']>;
export type AddImageBody = FromSchema<(typeof requestSchemas)['POST /products/{id}/images']>;
export type CreateCategoryBody = FromSchema<(typeof requestSchemas)['POST /categories']>;
export type UpdateCategoryBody = FromSchema<(typeof requestSchemas)['PUT /categories/{id}']>;
export type ReorderCategoryBody = FromSchema<(typeof requestSchemas)['PUT /categories/{id}/reorder']>;
