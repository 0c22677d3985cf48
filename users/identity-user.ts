import { between, type JourneyClass, type Weighted } from 'journeys-runner';
import { AccountLifecycle } from '../journeys/identity/account-lifecycle.ts';
import { NewCustomer } from '../journeys/identity/new-customer.ts';
import { TierProgression } from '../journeys/identity/tier-progression.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** The identity journeys and their weights (MixedWorkloadUser reuses them). */
export const IDENTITY_JOURNEYS: readonly Weighted<JourneyClass>[] = [
  [NewCustomer, 5],
  [AccountLifecycle, 3],
  [TierProgression, 2],
];

/** Customers signing up, managing their accounts and climbing tiers. */
export class IdentityUser extends ShopUser {
  journeys = IDENTITY_JOURNEYS;
  waitTime = between(0.5, 2.0);
}
