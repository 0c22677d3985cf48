import { between } from 'journeys-runner';
import { CancelDuringPayment } from '../journeys/cross-domain/cancel-during-payment.ts';
import { ConcurrentOrderModification } from '../journeys/cross-domain/concurrent-order-modification.ts';
import { EndToEndOrder } from '../journeys/cross-domain/end-to-end-order.ts';
import { SagaOrderCheckout } from '../journeys/cross-domain/saga-order-checkout.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** Whole lifecycles across the five domains: end-to-end orders, checkout sagas and the two order races. */
export class CrossDomainUser extends ShopUser {
  journeys = [
    [EndToEndOrder, 6],
    [SagaOrderCheckout, 4],
    [CancelDuringPayment, 2],
    [ConcurrentOrderModification, 2],
  ] as const;
  waitTime = between(1.0, 3.0);
}
