import { between } from 'journeys-runner';
import { ShopUser } from '../suite/shop-user.ts';
import { CATALOGUE_JOURNEYS } from './catalogue-user.ts';
import { IDENTITY_JOURNEYS } from './identity-user.ts';
import { INVENTORY_JOURNEYS } from './inventory-user.ts';
import { ORDERING_JOURNEYS } from './ordering-user.ts';
import { PAYMENTS_JOURNEYS } from './payments-user.ts';

/**
 * A day's ordinary traffic: every domain journey, weighted as in its domain's user. One
 * shopper's journeys share what it built (the products it listed are what it orders).
 */
export class MixedWorkloadUser extends ShopUser {
  journeys = [
    ...IDENTITY_JOURNEYS,
    ...CATALOGUE_JOURNEYS,
    ...ORDERING_JOURNEYS,
    ...INVENTORY_JOURNEYS,
    ...PAYMENTS_JOURNEYS,
  ];
  waitTime = between(0.5, 3.0);
}
