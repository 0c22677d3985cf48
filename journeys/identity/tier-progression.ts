import { Journey } from 'journeys-runner';
import { newCustomer } from '../../generators/identity.ts';
import { registerCustomer, upgradeTier } from '../../suite/api/identity.ts';
import type { ShopUser } from '../../suite/shop-user.ts';

/** A loyal customer climbs every tier in turn: Standard → Silver → Gold → Platinum. */
export class TierProgression extends Journey<ShopUser> {
  static tags = ['identity'];

  customerId = '';
  steps = [this.register, this.upgradeToSilver, this.upgradeToGold, this.upgradeToPlatinum];

  async register() {
    this.customerId = await registerCustomer(this.client, newCustomer(this.user.data));
  }

  async upgradeToSilver() {
    await upgradeTier(this.client, this.customerId, 'Silver');
  }

  async upgradeToGold() {
    await upgradeTier(this.client, this.customerId, 'Gold');
  }

  async upgradeToPlatinum() {
    await upgradeTier(this.client, this.customerId, 'Platinum');
  }
}
