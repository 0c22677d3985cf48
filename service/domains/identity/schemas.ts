import { type FromSchema, requiredText as text } from '../../validation.ts';

const email = { type: 'string', maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' } as const;
const phone = { type: 'string', maxLength: 20, pattern: '^\\+?[\\d\\s\\-()]+$' } as const;
const dateOfBirth = { type: 'string', format: 'date' } as const;

/**
 * Request bodies of the identity domain (API.md "Identity"). Unknown fields are dropped, not
 * refused (`additionalProperties: false` + ajv `removeAdditional`), as FastAPI does.
 */
export const requestSchemas = {
  'POST /customers': {
    type: 'object',
    properties: {
      external_id: text(255),
      email,
      first_name: text(100),
      last_name: text(100),
      phone,
      date_of_birth: dateOfBirth,
    },
    required: ['external_id', 'email', 'first_name', 'last_name'],
    additionalProperties: false,
  },
  'PUT /customers/{id}/profile': {
    type: 'object',
    properties: { first_name: text(100), last_name: text(100), phone, date_of_birth: dateOfBirth },
    additionalProperties: false,
  },
  'POST /customers/{id}/addresses': {
    type: 'object',
    properties: {
      label: { type: 'string', enum: ['Home', 'Work', 'Other'] },
      street: text(255),
      city: text(100),
      state: { type: 'string', maxLength: 100 },
      postal_code: text(20),
      country: text(100),
      // Text as ShopStream sends them ("39.7817"), numbers too; see the `coordinate` keyword.
      geo_lat: { type: ['string', 'number'], coordinate: 90 },
      geo_lng: { type: ['string', 'number'], coordinate: 180 },
    },
    required: ['street', 'city', 'postal_code', 'country'],
    dependencies: { geo_lat: ['geo_lng'], geo_lng: ['geo_lat'] },
    additionalProperties: false,
  },
  'PUT /customers/{id}/tier': {
    type: 'object',
    properties: { new_tier: { type: 'string', enum: ['Standard', 'Silver', 'Gold', 'Platinum'] } },
    required: ['new_tier'],
    additionalProperties: false,
  },
  'PUT /customers/{id}/suspend': {
    type: 'object',
    properties: { reason: text(500) },
    required: ['reason'],
    additionalProperties: false,
  },
} as const;

export type RegisterCustomerBody = FromSchema<(typeof requestSchemas)['POST /customers']>;
export type UpdateProfileBody = FromSchema<(typeof requestSchemas)['PUT /customers/{id}/profile']>;
export type AddAddressBody = FromSchema<(typeof requestSchemas)['POST /customers/{id}/addresses']>;
export type ChangeTierBody = FromSchema<(typeof requestSchemas)['PUT /customers/{id}/tier']>;
export type SuspendBody = FromSchema<(typeof requestSchemas)['PUT /customers/{id}/suspend']>;
