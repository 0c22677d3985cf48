import { Journey } from 'journeys-runner';
import { newCustomer, suspension } from '../../generators/identity.ts';
import {
  closeCustomer,
  reactivateCustomer,
  registerCustomer,
  suspendCustomer,
} from '../../suite/api/identity.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** An account is opened, suspended, reactivated and finally closed (Active → Suspended → Active → Closed). */
export class AccountLifecycle extends Journey<ShopUser> {
  static tags = ['identity'];

  customerId = '';
  steps = [this.register, this.suspend, this.reactivate, this.close];

  async register() {
    this.customerId = await registerCustomer(this.client, newCustomer(this.user.data));
  }

  async suspend() {
    await suspendCustomer(this.client, this.customerId, suspension(this.user.data));
  }

  async reactivate() {
    await reactivateCustomer(this.client, this.customerId);
  }

  async close() {
    await closeCustomer(this.client, this.customerId);
  }
}
