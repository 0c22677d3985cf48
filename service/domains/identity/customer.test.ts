import { describe, it } from 'vitest';
import { BusinessRuleError, NotFoundError } from '../../errors.ts';
import { deciderSpec } from '../../testing/decider-spec.ts';
import { type CustomerEvent, customerDecider } from './customer.ts';

const spec = deciderSpec(customerDecider);
const registered: CustomerEvent = {
  type: 'CustomerRegistered',
  data: {
    customer_id: 'c1',
    external_id: 'e1',
    email: 'a@b.co',
    first_name: 'A',
    last_name: 'B',
    phone: null,
    date_of_birth: null,
    registered_at: '2026-01-01T00:00:00.000Z',
  },
};
const address = { street: 's', city: 'c', postal_code: 'p', country: 'US' };
const addressAdded = (id: string): CustomerEvent => ({
  type: 'CustomerAddressAdded',
  data: { ...address, address_id: id, is_default: id === 'a0' },
});

describe('customer decider', () => {
  it('registers once per external id', () => {
    spec
      .given([])
      .when({
        type: 'RegisterCustomer',
        customer_id: 'c1',
        at: '2026-01-01T00:00:00.000Z',
        external_id: 'e1',
        email: 'a@b.co',
        first_name: 'A',
        last_name: 'B',
      })
      .thenEvents([registered]);
    spec
      .given([registered])
      .when({
        type: 'RegisterCustomer',
        customer_id: 'c1',
        at: 'x',
        external_id: 'e1',
        email: 'a@b.co',
        first_name: 'A',
        last_name: 'B',
      })
      .thenThrows(BusinessRuleError, /already exists/);
  });

  it('refuses every command on an unknown customer with 404', () => {
    spec.given([]).when({ type: 'CloseCustomer' }).thenThrows(NotFoundError);
    spec.given([]).when({ type: 'UpdateProfile', first_name: 'X' }).thenThrows(NotFoundError);
  });

  it('makes the first address the default and stops at ten', () => {
    spec
      .given([registered])
      .when({ type: 'AddAddress', address_id: 'a0', ...address })
      .thenEvents([addressAdded('a0')]);
    spec
      .given([registered, addressAdded('a0')])
      .when({ type: 'AddAddress', address_id: 'a1', ...address })
      .thenState((s) => {
        if (s?.addresses.map((a) => a.is_default).join() !== 'true,false') throw new Error('default address');
      });
    const ten = Array.from({ length: 10 }, (_, i) => addressAdded(`a${i}`));
    spec
      .given([registered, ...ten])
      .when({ type: 'AddAddress', address_id: 'a10', ...address })
      .thenThrows(BusinessRuleError);
  });

  it('upgrades tiers strictly upward', () => {
    spec
      .given([registered])
      .when({ type: 'ChangeTier', new_tier: 'Gold' })
      .thenEvents([{ type: 'CustomerTierUpgraded', data: { from: 'Standard', to: 'Gold' } }]);
    const gold: CustomerEvent = { type: 'CustomerTierUpgraded', data: { from: 'Standard', to: 'Gold' } };
    spec
      .given([registered, gold])
      .when({ type: 'ChangeTier', new_tier: 'Gold' })
      .thenThrows(BusinessRuleError);
    spec
      .given([registered, gold])
      .when({ type: 'ChangeTier', new_tier: 'Silver' })
      .thenThrows(BusinessRuleError);
  });

  it('walks Active ⇄ Suspended → Closed and names illegal transitions', () => {
    const suspended: CustomerEvent = { type: 'CustomerSuspended', data: { reason: 'r' } };
    const closed: CustomerEvent = { type: 'CustomerClosed', data: {} };
    spec.given([registered]).when({ type: 'SuspendCustomer', reason: 'r' }).thenEvents([suspended]);
    spec
      .given([registered, suspended])
      .when({ type: 'ReactivateCustomer' })
      .thenEvents([{ type: 'CustomerReactivated', data: {} }]);
    spec
      .given([registered])
      .when({ type: 'ReactivateCustomer' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Active to Active');
    spec.given([registered, suspended]).when({ type: 'CloseCustomer' }).thenEvents([closed]);
    spec
      .given([registered, closed])
      .when({ type: 'CloseCustomer' })
      .thenThrows(BusinessRuleError, 'Cannot transition from Closed to Closed');
    spec
      .given([registered, closed])
      .when({ type: 'UpdateProfile', first_name: 'X' })
      .thenThrows(BusinessRuleError);
  });
});
