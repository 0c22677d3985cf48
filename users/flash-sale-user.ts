import { constantPacing } from 'journeys-runner';
import { FlashSaleStampede } from '../journeys/cross-domain/flash-sale-stampede.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** A flash-sale shopper: tries to reserve the run's one sale item five times a second. */
export class FlashSaleUser extends ShopUser {
  journeys = [[FlashSaleStampede, 1]] as const;
  waitTime = constantPacing(0.2);
}
