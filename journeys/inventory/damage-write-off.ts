import { damage, writeOff } from '../../generators/inventory.ts';
import { markDamaged, writeOffDamaged } from '../../suite/api/inventory.ts';
import { StockJourney } from '../../suite/stock-journey.ts';

/** Units are found damaged and written off (never more than are on hand, nor more than are damaged). */
export class DamageWriteOff extends StockJourney {
  static tags = ['inventory'];

  damaged = 0;
  steps = [this.initializeStock, this.markDamaged, this.writeOff];

  async markDamaged() {
    const body = damage(this.user.data, Math.min(this.onHand, 5));
    await markDamaged(this.client, this.itemId, body);
    this.damaged = body.quantity;
  }

  async writeOff() {
    await writeOffDamaged(this.client, this.itemId, writeOff(this.user.data, this.damaged));
  }
}
