import { between, type JourneyClass, type Weighted } from 'journeys-runner';
import { CartLifecycle } from '../journeys/ordering/cart-lifecycle.ts';
import { CartToCheckout } from '../journeys/ordering/cart-to-checkout.ts';
import { OrderCancellation } from '../journeys/ordering/order-cancellation.ts';
import { OrderFullLifecycle } from '../journeys/ordering/order-full-lifecycle.ts';
import { OrderReturn } from '../journeys/ordering/order-return.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** The ordering journeys and their weights (MixedWorkloadUser reuses them). */
export const ORDERING_JOURNEYS: readonly Weighted<JourneyClass>[] = [
  [CartLifecycle, 6],
  [OrderFullLifecycle, 5],
  [CartToCheckout, 4],
  [OrderCancellation, 3],
  [OrderReturn, 2],
];

/** Shoppers filling carts and taking orders through their lifecycles. */
export class OrderingUser extends ShopUser {
  journeys = ORDERING_JOURNEYS;
  waitTime = between(0.5, 2.0);
}
