import { between } from 'journeys-runner';
import { CancelDuringPayment } from '../journeys/cross-domain/cancel-during-payment.ts';
import { ConcurrentOrderModification } from '../journeys/cross-domain/concurrent-order-modification.ts';
import { FlashSaleStampede } from '../journeys/cross-domain/flash-sale-stampede.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** Targeted races: cancel against capture, edits against confirm, and the flash-sale stampede. */
export class RaceConditionUser extends ShopUser {
  journeys = [
    [CancelDuringPayment, 4],
    [ConcurrentOrderModification, 4],
    [FlashSaleStampede, 2],
  ] as const;
  waitTime = between(0.3, 1.0);
}
