/** The identity calls of the suite, each under its Locust-style statistics name. */

import type { HttpClient } from 'journeys';
import type { Tier } from '../../generators/identity.ts';
import type {
  AddAddressBody,
  RegisterCustomerBody,
  SuspendBody,
  UpdateProfileBody,
} from '../../service/domains/identity/schemas.ts';

/**
 * `POST /customers` → the new customer's id.
 * @example const customerId = await registerCustomer(this.client, newCustomer(this.user.data));
 */
export async function registerCustomer(client: HttpClient, body: RegisterCustomerBody): Promise<string> {
  const res = await client.post('/customers', { json: body, name: 'POST /customers', expect: [201] });
  return res.json.customer_id;
}

export function updateProfile(client: HttpClient, customerId: string, body: UpdateProfileBody) {
  return client.put(`/customers/${customerId}/profile`, {
    json: body,
    name: 'PUT /customers/{id}/profile',
    expect: [200],
  });
}

export function addAddress(client: HttpClient, customerId: string, body: AddAddressBody) {
  return client.post(`/customers/${customerId}/addresses`, {
    json: body,
    name: 'POST /customers/{id}/addresses',
    expect: [201],
  });
}

export function upgradeTier(client: HttpClient, customerId: string, tier: Tier) {
  return client.put(`/customers/${customerId}/tier`, {
    json: { new_tier: tier },
    name: 'PUT /customers/{id}/tier',
    expect: [200],
  });
}

export function suspendCustomer(client: HttpClient, customerId: string, body: SuspendBody) {
  return client.put(`/customers/${customerId}/suspend`, {
    json: body,
    name: 'PUT /customers/{id}/suspend',
    expect: [200],
  });
}

export function reactivateCustomer(client: HttpClient, customerId: string) {
  return client.put(`/customers/${customerId}/reactivate`, {
    name: 'PUT /customers/{id}/reactivate',
    expect: [200],
  });
}

export function closeCustomer(client: HttpClient, customerId: string) {
  return client.put(`/customers/${customerId}/close`, { name: 'PUT /customers/{id}/close', expect: [200] });
}
