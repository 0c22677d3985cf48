import { between, type JourneyClass, type Weighted } from 'journeys-runner';
import { Invoice } from '../journeys/payments/invoice.ts';
import { PaymentFailureRetry } from '../journeys/payments/payment-failure-retry.ts';
import { PaymentRefund } from '../journeys/payments/payment-refund.ts';
import { PaymentSuccess } from '../journeys/payments/payment-success.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** The payments journeys and their weights (MixedWorkloadUser reuses them). */
export const PAYMENTS_JOURNEYS: readonly Weighted<JourneyClass>[] = [
  [PaymentSuccess, 8],
  [PaymentFailureRetry, 4],
  [PaymentRefund, 4],
  [Invoice, 4],
];

/** The payment gateway's traffic: captures, declines and retries, refunds, invoices. */
export class PaymentsUser extends ShopUser {
  journeys = PAYMENTS_JOURNEYS;
  waitTime = between(0.5, 2.0);
}
