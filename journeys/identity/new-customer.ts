import { Journey } from 'journeys-runner';
import { customerAddress, higherTier, newCustomer, profileUpdate } from '../../generators/identity.ts';
import { addAddress, registerCustomer, updateProfile, upgradeTier } from '../../suite/api/identity.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** A shopper signs up, completes the profile, saves two addresses and earns a better tier. */
export class NewCustomer extends Journey<ShopUser> {
  static tags = ['identity'];

  customerId = '';
  steps = [this.register, this.updateProfile, this.addAddress, this.addSecondAddress, this.upgradeTier];

  async register() {
    this.customerId = await registerCustomer(this.client, newCustomer(this.user.data));
  }

  async updateProfile() {
    await updateProfile(this.client, this.customerId, profileUpdate(this.user.data));
  }

  async addAddress() {
    await addAddress(this.client, this.customerId, customerAddress(this.user.data));
  }

  async addSecondAddress() {
    await addAddress(this.client, this.customerId, customerAddress(this.user.data));
  }

  async upgradeTier() {
    // A new customer is Standard: any tier above is a real upgrade, never a no-op.
    await upgradeTier(this.client, this.customerId, higherTier(this.user.data, 'Standard')!);
  }
}
