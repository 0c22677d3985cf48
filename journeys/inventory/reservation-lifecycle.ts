import { reservation } from '../../generators/inventory.ts';
import { reserveStock } from '../../suite/api/inventory.ts';
import { StockJourney } from '../../suite/stock-journey.ts';

/** Stock arrives and an order reserves part of it. */
export class ReservationLifecycle extends StockJourney {
  static tags = ['inventory'];

  steps = [this.initializeStock, this.reserve];

  async reserve() {
    await reserveStock(this.client, this.itemId, reservation(this.user.data, undefined, this.onHand));
  }
}
