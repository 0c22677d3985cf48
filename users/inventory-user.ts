import { between, type JourneyClass, type Weighted } from 'journeys-runner';
import { DamageWriteOff } from '../journeys/inventory/damage-write-off.ts';
import { ReservationLifecycle } from '../journeys/inventory/reservation-lifecycle.ts';
import { ReservationRelease } from '../journeys/inventory/reservation-release.ts';
import { StockInitAndReceive } from '../journeys/inventory/stock-init-and-receive.ts';
import { ShopUser } from '../suite/shop-user.ts';

/** The inventory journeys and their weights (MixedWorkloadUser reuses them). */
export const INVENTORY_JOURNEYS: readonly Weighted<JourneyClass>[] = [
  [StockInitAndReceive, 5],
  [ReservationLifecycle, 3],
  [ReservationRelease, 3],
  [DamageWriteOff, 3],
];

/** Warehouse staff receiving, reserving, counting and writing off stock. */
export class InventoryUser extends ShopUser {
  journeys = INVENTORY_JOURNEYS;
  waitTime = between(0.5, 2.0);
}
