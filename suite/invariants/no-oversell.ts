import type { Invariant } from 'journeys-runner';
import type { StockLevels } from '../api/inventory.ts';

/**
 * The flash-sale invariant: however many users raced for the item, stock was never
 * oversold — available never negative, reserved never above what there was, and the
 * active reservations add up to the reserved count.
 *
 * @example noOversell(await getStockLevels(ctx.client, itemId), 10)
 * // { name: 'no-oversell', pass: true, detail: 'reserved 10 of 10, available 0' }
 */
export function noOversell(levels: StockLevels, initial: number): Invariant {
  const { reserved, available, on_hand: onHand } = levels;
  const active = (levels.reservations ?? [])
    .filter((reservation) => reservation.status === 'Active')
    .reduce((sum, reservation) => sum + reservation.quantity, 0);
  const problems: string[] = [];
  if (available < 0) problems.push(`available ${available} is negative`);
  if (reserved > initial) problems.push(`reserved ${reserved} exceeds the ${initial} units there were`);
  if (reserved > onHand) problems.push(`reserved ${reserved} exceeds on hand ${onHand}`);
  if (available !== onHand - reserved)
    problems.push(`available ${available} is not on hand ${onHand} − reserved ${reserved}`);
  if (levels.reservations && active !== reserved) {
    problems.push(`active reservations hold ${active} units but reserved says ${reserved}`);
  }
  const state = `reserved ${reserved} of ${initial}, available ${available}`;
  return {
    name: 'no-oversell',
    pass: problems.length === 0,
    detail: problems.length === 0 ? state : `${problems.join('; ')} (${state})`,
  };
}
