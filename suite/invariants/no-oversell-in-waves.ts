import type { Invariant } from 'journeys-runner';
import type { StockLevels } from '../api/inventory.ts';
import { noOversell } from './no-oversell.ts';

/** Units a wave's item promised beyond what it had: reserved over its stock, or available below zero. */
export function oversoldUnits(levels: StockLevels, initial: number): number {
  return Math.max(0, levels.reserved - initial, -levels.available);
}

/**
 * The flash-sale invariant over every wave: each wave's item passes `noOversell`, and the
 * oversold units summed over all waves are 0. A failure names each wave that broke. A sale
 * in which no unit was reserved is not exercised (never a PASS).
 *
 * @example noOversellInWaves([levelsOfWave1, levelsOfWave2], 10)
 * // { name: 'no-oversell', pass: true, detail: 'reserved 20 of 20 over 2 waves (10 each), available 0, oversold 0' }
 */
export function noOversellInWaves(
  waves: readonly StockLevels[],
  initial: number,
  labels: readonly string[],
): Invariant {
  let reserved = 0;
  let available = 0;
  let oversold = 0;
  const broken: string[] = [];
  waves.forEach((levels, wave) => {
    const check = noOversell(levels, initial);
    reserved += levels.reserved;
    available += levels.available;
    oversold += oversoldUnits(levels, initial);
    if (!check.pass) broken.push(`${labels[wave]}: ${check.detail}`);
  });
  const total = `reserved ${reserved} of ${initial * waves.length} over ${waves.length} waves (${initial} each), available ${available}, oversold ${oversold}`;
  const pass = broken.length === 0 && oversold === 0;
  // No unit reserved: nobody raced for the stock, so "never oversold" says nothing.
  const idle = pass && reserved === 0;
  return {
    name: 'no-oversell',
    pass,
    detail: broken.length === 0 ? total : `${broken.join('; ')} — ${total}`,
    ...(idle ? { exercised: false } : {}),
  };
}
