import type { Faker } from '@faker-js/faker';
import type {
  AddAddressBody,
  ChangeTierBody,
  RegisterCustomerBody,
  UpdateProfileBody,
} from '../service/domains/identity/schemas.ts';
import { type DataSource, uniqueToken } from './faker.ts';

/** `Address` as every domain exchanges it (identity's is the strictest: a state is text, never null). */
export type Address = Omit<AddAddressBody, 'label' | 'geo_lat' | 'geo_lng'>;
export type Tier = ChangeTierBody['new_tier'];

/** Tiers in the only order the API lets a customer move: upward. */
export const TIERS: readonly Tier[] = ['Standard', 'Silver', 'Gold', 'Platinum'];

/** A North American test number, `+1-555-234-5678` style (fits `^\+?[\d\s\-()]+$`, ≤ 20). */
export function phone(faker: Faker): string {
  return `+1-555-${faker.string.numeric(3)}-${faker.string.numeric(4)}`;
}

/** A postal address within the API's lengths (street ≤ 255, city ≤ 100, postal code ≤ 20, country ≤ 100). */
export function address({ faker }: DataSource): Address {
  return {
    street: faker.location.streetAddress({ useFullAddress: faker.datatype.boolean() }),
    city: faker.location.city(),
    state: faker.location.state({ abbreviated: true }),
    postal_code: faker.location.zipCode(),
    country: faker.location.country().slice(0, 100),
  };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function personName(faker: Faker): { first_name: string; last_name: string } {
  return {
    first_name: faker.person.firstName().slice(0, 100),
    last_name: faker.person.lastName().slice(0, 100),
  };
}

/**
 * A new customer with a unique external id and e-mail.
 * @example await client.post('/customers', { json: newCustomer(data), expect: [201] })
 */
export function newCustomer(data: DataSource): RegisterCustomerBody {
  const { faker } = data;
  const name = personName(faker);
  const token = uniqueToken(data);
  const local = `${name.first_name}.${name.last_name}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return {
    external_id: `CUST-${token}`,
    email: `${local}.${token.toLowerCase()}@${faker.internet.domainName()}`,
    ...name,
    phone: phone(faker),
    date_of_birth: isoDate(faker.date.birthdate({ mode: 'age', min: 18, max: 90 })),
  };
}

/** A profile change: a new phone, and sometimes a new last name or birth date. */
export function profileUpdate({ faker }: DataSource): UpdateProfileBody {
  const update: UpdateProfileBody = { phone: phone(faker) };
  if (faker.datatype.boolean()) update.last_name = faker.person.lastName().slice(0, 100);
  if (faker.datatype.boolean()) update.first_name = faker.person.firstName().slice(0, 100);
  return update;
}

/** A customer address, labelled, with coordinates half of the time (both or neither), as text like ShopStream's ("39.7817"). */
export function customerAddress(data: DataSource): AddAddressBody {
  const { faker } = data;
  const body: AddAddressBody = {
    label: faker.helpers.arrayElement(['Home', 'Work', 'Other'] as const),
    ...address(data),
  };
  if (faker.datatype.boolean()) {
    body.geo_lat = faker.location.latitude({ precision: 4 }).toFixed(4);
    body.geo_lng = faker.location.longitude({ precision: 4 }).toFixed(4);
  }
  return body;
}

/** A tier strictly above `current`, or undefined when there is none (Platinum). */
export function higherTier({ faker }: DataSource, current: Tier): Tier | undefined {
  const above = TIERS.slice(TIERS.indexOf(current) + 1);
  return above.length ? faker.helpers.arrayElement(above) : undefined;
}

/** Body of `PUT /customers/{id}/suspend`. */
export function suspension({ faker }: DataSource): { reason: string } {
  return {
    reason: faker.helpers.arrayElement([
      'Suspicious login activity',
      'Chargeback under review',
      'Customer request',
      'Unpaid balance',
    ]),
  };
}
