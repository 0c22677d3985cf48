import { PaymentJourney } from '../../suite/payment-journey.ts';

/** A card payment goes through: Pending → Succeeded. */
export class PaymentSuccess extends PaymentJourney {
  static tags = ['payments'];

  steps = [this.initiate, this.webhookSuccess];
}
