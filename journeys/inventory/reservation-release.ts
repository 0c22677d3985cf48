import { release, reservation } from '../../generators/inventory.ts';
import { releaseReservation, reserveStock } from '../../suite/api/inventory.ts';
import { StockJourney } from '../../suite/stock-journey.ts';

/** Stock is reserved for an order, then the (still active) reservation is released. */
export class ReservationRelease extends StockJourney {
  static tags = ['inventory'];

  reservationId = '';
  steps = [this.initializeStock, this.reserve, this.release];

  async reserve() {
    this.reservationId = await reserveStock(
      this.client,
      this.itemId,
      reservation(this.user.data, undefined, this.onHand),
    );
  }

  async release() {
    await releaseReservation(this.client, this.itemId, this.reservationId, release(this.user.data));
  }
}
