import { BusinessRuleError, illegalTransition, NotFoundError } from '../../errors.ts';
import type { Decider } from '../decider.ts';
import type { AddAddressBody, ChangeTierBody, RegisterCustomerBody, UpdateProfileBody } from './schemas.ts';

export const TIERS = ['Standard', 'Silver', 'Gold', 'Platinum'] as const;
export type Tier = (typeof TIERS)[number];
export type CustomerStatus = 'Active' | 'Suspended' | 'Closed';
export const MAX_ADDRESSES = 10;

export type Address = AddAddressBody & { address_id: string; is_default: boolean };

export interface Customer {
  customer_id: string;
  external_id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  date_of_birth: string | null;
  status: CustomerStatus;
  tier: Tier;
  registered_at: string;
  addresses: Address[];
}

/** `undefined` until registered. */
export type CustomerState = Customer | undefined;

export type CustomerCommand =
  | ({ type: 'RegisterCustomer'; customer_id: string; at: string } & RegisterCustomerBody)
  | ({ type: 'UpdateProfile' } & UpdateProfileBody)
  | ({ type: 'AddAddress'; address_id: string } & AddAddressBody)
  | ({ type: 'ChangeTier' } & ChangeTierBody)
  | { type: 'SuspendCustomer'; reason: string }
  | { type: 'ReactivateCustomer' }
  | { type: 'CloseCustomer' };

export type CustomerEvent =
  | {
      type: 'CustomerRegistered';
      data: Omit<Customer, 'status' | 'tier' | 'addresses'>;
    }
  | { type: 'CustomerProfileUpdated'; data: UpdateProfileBody }
  | { type: 'CustomerAddressAdded'; data: Address }
  | { type: 'CustomerTierUpgraded'; data: { from: Tier; to: Tier } }
  | { type: 'CustomerSuspended'; data: { reason: string } }
  | { type: 'CustomerReactivated'; data: Record<string, never> }
  | { type: 'CustomerClosed'; data: Record<string, never> };

function existing(state: CustomerState): Customer {
  if (!state) throw new NotFoundError('Customer not found');
  return state;
}

function open(state: CustomerState): Customer {
  const customer = existing(state);
  if (customer.status === 'Closed') throw new BusinessRuleError('Customer account is closed', 'status');
  return customer;
}

function decide(command: CustomerCommand, state: CustomerState): CustomerEvent[] {
  switch (command.type) {
    case 'RegisterCustomer': {
      if (state) {
        throw new BusinessRuleError(
          `Customer with external_id ${command.external_id} already exists`,
          'external_id',
        );
      }
      const { type: _, at, ...fields } = command;
      return [
        {
          type: 'CustomerRegistered',
          data: {
            ...fields,
            phone: fields.phone ?? null,
            date_of_birth: fields.date_of_birth ?? null,
            registered_at: at,
          },
        },
      ];
    }
    case 'UpdateProfile': {
      open(state);
      const { type: _, ...changes } = command;
      return [{ type: 'CustomerProfileUpdated', data: changes }];
    }
    case 'AddAddress': {
      const customer = open(state);
      if (customer.addresses.length >= MAX_ADDRESSES) {
        throw new BusinessRuleError(`A customer can have at most ${MAX_ADDRESSES} addresses`, 'addresses');
      }
      const { type: _, ...address } = command;
      return [
        { type: 'CustomerAddressAdded', data: { ...address, is_default: customer.addresses.length === 0 } },
      ];
    }
    case 'ChangeTier': {
      const customer = open(state);
      if (TIERS.indexOf(command.new_tier) <= TIERS.indexOf(customer.tier)) {
        throw new BusinessRuleError(
          `Tier can only be upgraded: ${customer.tier} to ${command.new_tier} is not an upgrade`,
          'new_tier',
        );
      }
      return [{ type: 'CustomerTierUpgraded', data: { from: customer.tier, to: command.new_tier } }];
    }
    case 'SuspendCustomer': {
      const customer = existing(state);
      if (customer.status !== 'Active') throw illegalTransition(customer.status, 'Suspended');
      return [{ type: 'CustomerSuspended', data: { reason: command.reason } }];
    }
    case 'ReactivateCustomer': {
      const customer = existing(state);
      if (customer.status !== 'Suspended') throw illegalTransition(customer.status, 'Active');
      return [{ type: 'CustomerReactivated', data: {} }];
    }
    case 'CloseCustomer': {
      const customer = existing(state);
      if (customer.status === 'Closed') throw illegalTransition('Closed', 'Closed');
      return [{ type: 'CustomerClosed', data: {} }];
    }
  }
}

function evolve(state: CustomerState, event: CustomerEvent): CustomerState {
  if (event.type === 'CustomerRegistered') {
    return { ...event.data, status: 'Active', tier: 'Standard', addresses: [] };
  }
  if (!state) return state;
  switch (event.type) {
    case 'CustomerProfileUpdated':
      return { ...state, ...event.data };
    case 'CustomerAddressAdded':
      return { ...state, addresses: [...state.addresses, event.data] };
    case 'CustomerTierUpgraded':
      return { ...state, tier: event.data.to };
    case 'CustomerSuspended':
      return { ...state, status: 'Suspended' };
    case 'CustomerReactivated':
      return { ...state, status: 'Active' };
    case 'CustomerClosed':
      return { ...state, status: 'Closed' };
  }
}

/**
 * The customer aggregate (stream `Customer-<id>`): registration, profile, up to ten
 * addresses (the first is the default), tier upgrades only, Active ⇄ Suspended → Closed.
 *
 * @example
 * customerDecider.decide({ type: 'SuspendCustomer', reason: 'fraud' }, state); // [CustomerSuspended]
 */
export const customerDecider: Decider<CustomerState, CustomerCommand, CustomerEvent> = {
  initialState: () => undefined,
  evolve,
  decide,
};
