import { handleCommand } from '../../command-handler.ts';
import type { ServiceContext } from '../../context.ts';
import { RESERVATIONS, type ReservationDocument } from './projections.ts';
import { stockItemDecider } from './stock-item.ts';

const PAGE = 500;
/** Items expired in parallel; one item's reservations go one after another (same stream). */
const PARALLEL_ITEMS = 4;

async function activeReservations(ctx: ServiceContext): Promise<ReservationDocument[]> {
  const all: ReservationDocument[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { items } = await ctx.store.documents.find<ReservationDocument>(
      RESERVATIONS,
      { status: 'Active' },
      { offset, limit: PAGE },
    );
    all.push(...items);
    if (items.length < PAGE) return all;
  }
}

/**
 * `POST /inventory/maintenance/expire-reservations`: every Active reservation made more than
 * `olderThanMinutes` ago is expired on its item's stream (the decider re-checks status and
 * age, so a reservation released meanwhile is left alone). Returns how many expired.
 *
 * @example
 * const expired = await expireReservations(ctx, 15);
 */
export async function expireReservations(ctx: ServiceContext, olderThanMinutes: number): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanMinutes * 60_000).toISOString();
  const due = (await activeReservations(ctx)).filter((r) => r.reserved_at <= cutoff);
  const byItem = [...Map.groupBy(due, (r) => r.inventory_item_id).entries()];
  let expired = 0;
  const worker = async () => {
    for (let next = byItem.shift(); next; next = byItem.shift()) {
      const [itemId, reservations] = next;
      for (const reservation of reservations) {
        try {
          const { events } = await handleCommand(ctx, stockItemDecider, `InventoryItem-${itemId}`, {
            type: 'ExpireReservation',
            reservation_id: reservation.reservation_id,
            reserved_before: cutoff,
          });
          expired += events.length;
        } catch (error) {
          // One contended item must not fail the sweep; the next run picks it up.
          ctx.log('warn', 'reservation expiry failed', {
            reservation_id: reservation.reservation_id,
            error: String(error),
          });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_ITEMS }, worker));
  return expired;
}
