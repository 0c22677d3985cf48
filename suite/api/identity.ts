/** The identity calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys-runner';
import type { Tier } from '../../generators/identity.ts';
import type {
  AddAddressBody,
  RegisterCustomerBody,
  SuspendBody,
  UpdateProfileBody,
} from '../../service/domains/identity/schemas.ts';
import { call } from './call.ts';

/**
 * `POST /customers` → the new customer's id.
 * @example const customerId = await registerCustomer(this.client, newCustomer(this.user.data));
 */
export async function registerCustomer(client: HttpClient, body: RegisterCustomerBody): Promise<string> {
  const res = await call(client, 'POST /customers', { json: body, expect: [201] });
  return res.json.customer_id;
}

export function updateProfile(client: HttpClient, customerId: string, body: UpdateProfileBody) {
  return call(client, 'PUT /customers/{id}/profile', {
    params: { id: customerId },
    json: body,
    expect: [200],
  });
}

export function addAddress(client: HttpClient, customerId: string, body: AddAddressBody) {
  return call(client, 'POST /customers/{id}/addresses', {
    params: { id: customerId },
    json: body,
    expect: [201],
  });
}

export function upgradeTier(client: HttpClient, customerId: string, tier: Tier) {
  return call(client, 'PUT /customers/{id}/tier', {
    params: { id: customerId },
    json: { new_tier: tier },
    expect: [200],
  });
}

export function suspendCustomer(client: HttpClient, customerId: string, body: SuspendBody) {
  return call(client, 'PUT /customers/{id}/suspend', {
    params: { id: customerId },
    json: body,
    expect: [200],
  });
}

export function reactivateCustomer(client: HttpClient, customerId: string) {
  return call(client, 'PUT /customers/{id}/reactivate', { params: { id: customerId }, expect: [200] });
}

export function closeCustomer(client: HttpClient, customerId: string) {
  return call(client, 'PUT /customers/{id}/close', { params: { id: customerId }, expect: [200] });
}
