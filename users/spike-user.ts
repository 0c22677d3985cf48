import { constantPacing } from 'journeys-runner';
import { newCustomer } from '../generators/identity.ts';
import { registerCustomer } from '../suite/api/identity.ts';
import { ShopUser } from '../suite/shop-user.ts';

async function registerSpikeCustomer(user: ShopUser) {
  await registerCustomer(user.client, newCustomer(user.data));
}

/** A sign-up spike: every user registers a customer every 0.05 s. */
export class SpikeUser extends ShopUser {
  journeys = [[registerSpikeCustomer, 1]] as const;
  waitTime = constantPacing(0.05);
}
